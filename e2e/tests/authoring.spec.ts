import type { Locator, Page } from '@playwright/test';
import { checkA11y } from '../support/a11y';
import { addOwner, institution, register, signIn, signInAPI } from '../support/api';
import { expect, test } from '../support/fixtures';
import { screenshot } from '../support/screens';

/** Adds a question of the type (as the editor names it) and answers its fieldset. */
async function addQuestion(page: Page, type: string): Promise<Locator> {
  await page.getByLabel('Type of the new question').selectOption({ label: type });
  await page.getByRole('button', { name: 'Add a question' }).click();
  const n = await page.locator('.question-fieldset').count();
  const question = page.getByRole('group', { name: new RegExp(`^Question ${n} \\(${type}\\)`) });
  await expect(question).toBeVisible();
  return question;
}

/** Answers one question of the attempt, found by its prompt. */
async function answer(question: Locator): Promise<void> {
  const prompt = (await question.locator('.question-prompt').first().innerText()).trim();
  if (prompt.startsWith('Which tool drafts text')) {
    await question.getByRole('radio', { name: 'A language model' }).check();
  } else if (prompt.startsWith('Which are personal data')) {
    await question.getByRole('checkbox', { name: 'An email address' }).check();
    await question.getByRole('checkbox', { name: 'A face in a photo' }).check();
  } else if (prompt.startsWith('An AI answer is always')) {
    await question.getByRole('radio', { name: 'False' }).check();
  } else if (prompt.startsWith('Which model is more accurate')) {
    await question.getByRole('textbox').fill('0,9');
  } else if (prompt.startsWith('Name the model')) {
    await question.getByRole('textbox').fill('A');
  } else if (prompt.startsWith('Match each task')) {
    await question.getByRole('combobox', { name: 'Predict sales' }).selectOption({ label: 'Regression' });
    await question.getByRole('combobox', { name: 'Filter spam' }).selectOption({ label: 'Classification' });
  } else if (prompt.startsWith('Put the steps')) {
    // From the keyboard: the learner moves each item with its buttons until the order is right.
    const steps = ['Collect data', 'Train a model', 'Test it on new data'];
    for (const [position, step] of steps.entries()) {
      const items = question.locator('.ordering-text');
      let at = (await items.allInnerTexts()).indexOf(step);
      while (at > position) {
        await question.getByRole('button', { name: `Move “${step}” up` }).press('Enter');
        at--;
      }
    }
    await expect(question.locator('.ordering-text')).toHaveText(steps);
  } else if (prompt.startsWith('Complete the sentence')) {
    await question.getByRole('textbox', { name: 'Gap 1' }).fill('training');
  } else if (prompt.startsWith('Describe one risk')) {
    await question.getByRole('textbox').fill('A screening model trained on past hires may repeat their bias, for example against women.');
  } else {
    throw new Error(`unexpected question: ${prompt}`);
  }
}

test('a staff member authors a quiz with all nine question types, previews it, publishes it, a learner takes it, staff grade the essay and answer the learner’s review request, and the learner holds the course’s credential', async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const org = await institution(request, 'formation-horizon-ia');
  const staff = await register(request, 'Ada Author');
  await addOwner(request, org.id, staff);
  const slug = `ai-at-work-${Date.now().toString(36)}`;
  const created = await request.post('/api/v1/courses', {
    headers: { Authorization: `Bearer ${await signInAPI(request, staff.email, staff.password)}` },
    data: {
      slug,
      institution: org.slug,
      title: 'AI at work',
      summary: 'Use AI tools safely at work.',
      language: 'en',
      level: 'beginner',
      pass_mark: 50,
      learning_outcomes: ['Use AI tools safely at work'],
      // A credential-bearing course states the elements of an EU micro-credential.
      credential: true,
      ects: 1,
      eqf_level: 4,
      assessment_type: 'Online quiz with a teacher-graded essay',
      participation: 'online',
      quality_assurance: 'Internal review by the institution',
      skills: [],
      prerequisites: [],
      instructors: [],
    },
  });
  expect(created.status(), await created.text()).toBe(201);

  await signIn(page, staff, `/console/courses/${slug}/content`);
  await page.getByRole('button', { name: 'Add a module' }).click();
  await page.getByLabel('Module title').fill('Working with AI');
  await page.getByRole('button', { name: 'Add a quiz (Module 1: Working with AI)' }).click();
  await page.getByLabel('Quiz title').fill('Check every kind of question');

  // Publishing too early names every field still to fill, each linked to its field.
  const single = await addQuestion(page, 'Single choice');
  await single.getByLabel('Question 1', { exact: true }).fill('Which tool drafts text from a request?');
  await page.getByRole('button', { name: 'Publish' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Please correct the following' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText([
    'Module 1 › Item 1 › Question 1 › Option 1 › Text: Is required.',
    'Module 1 › Item 1 › Question 1 › Option 2 › Text: Is required.',
  ]);
  await checkA11y(page, 'quiz editor with problems');
  await summary.getByRole('link', { name: /Option 2/ }).click();
  const option2 = single.getByLabel('Option 2', { exact: true });
  await expect(option2).toBeFocused();
  await expect(option2).toHaveAccessibleDescription('Is required.');
  await option2.fill('A spreadsheet');
  await single.getByLabel('Option 1', { exact: true }).fill('A language model');
  await expect(option2).not.toHaveAttribute('aria-invalid');

  const multiple = await addQuestion(page, 'Multiple response');
  await multiple.getByLabel('Question 2', { exact: true }).fill('Which are personal data under the GDPR?');
  await multiple.getByLabel('Option 1', { exact: true }).fill('An email address');
  await multiple.getByLabel('Option 2', { exact: true }).fill('The boiling point of water');
  await multiple.getByRole('button', { name: 'Add an option' }).click();
  await multiple.getByLabel('Option 3', { exact: true }).fill('A face in a photo');
  await multiple.getByRole('checkbox', { name: 'Correct (Option 3)' }).check();
  await multiple.getByLabel('Feedback on option 2').fill('A physical constant says nothing about a person.');

  const trueFalse = await addQuestion(page, 'True or false');
  await trueFalse.getByLabel('Question 3', { exact: true }).fill('An AI answer is always right when it sounds sure.');
  await trueFalse.getByRole('radio', { name: 'False' }).check();

  // A group: a table two questions ask about, shown once above the first.
  await page.getByRole('button', { name: 'Add a group' }).click();
  await page.getByRole('textbox', { name: 'Shared text of group 1' }).fill('| Model | Accuracy |\n|---|---|\n| A | 0.9 |\n| B | 0.7 |');

  const numeric = await addQuestion(page, 'Numeric');
  await numeric.getByLabel('Question 4', { exact: true }).fill('Which model is more accurate? Give its accuracy.');
  await numeric.getByLabel('Correct answer').fill('0.9');
  await numeric.getByLabel('Tolerance', { exact: true }).fill('0.01');
  await numeric.getByLabel('Group', { exact: true }).selectOption({ label: 'Group 1' });

  const short = await addQuestion(page, 'Short answer');
  await short.getByLabel('Question 5', { exact: true }).fill('Name the model you would choose.');
  await short.getByLabel('Accepted answers').fill('A\nModel A');
  await short.getByLabel('Group', { exact: true }).selectOption({ label: 'Group 1' });

  const matching = await addQuestion(page, 'Matching');
  await matching.getByLabel('Question 6', { exact: true }).fill('Match each task with the kind of learning.');
  await matching.getByLabel('Left 1', { exact: true }).fill('Predict sales');
  await matching.getByLabel('Match 1', { exact: true }).fill('Regression');
  await matching.getByLabel('Left 2', { exact: true }).fill('Filter spam');
  await matching.getByLabel('Match 2', { exact: true }).fill('Classification');
  await matching.getByLabel('Extra matches').fill('Compression');

  const ordering = await addQuestion(page, 'Ordering');
  await ordering.getByLabel('Question 7', { exact: true }).fill('Put the steps of a project in order.');
  await ordering.getByLabel('Position 1', { exact: true }).fill('Test it on new data');
  await ordering.getByLabel('Position 2', { exact: true }).fill('Collect data');
  await ordering.getByRole('button', { name: 'Add an item' }).click();
  await ordering.getByLabel('Position 3', { exact: true }).fill('Train a model');
  // From the keyboard: the first step moves to the end.
  await ordering.getByRole('button', { name: /^Move down ?: Test it on new data$/ }).press('Enter');
  await ordering.getByRole('button', { name: /^Move down ?: Test it on new data$/ }).press('Enter');
  for (const [i, step] of ['Collect data', 'Train a model', 'Test it on new data'].entries()) {
    await expect(ordering.getByLabel(`Position ${i + 1}`, { exact: true })).toHaveValue(step);
  }

  const cloze = await addQuestion(page, 'Fill in the gaps');
  await cloze.getByLabel('Question 8', { exact: true }).fill('Complete the sentence.');
  await cloze.getByLabel('Text with gaps').fill('A model learns from ');
  await cloze.getByRole('button', { name: 'Insert a gap at the cursor' }).click();
  await cloze.getByLabel('Text with gaps').press('End');
  await cloze.getByLabel('Text with gaps').pressSequentially(' data.');
  await expect(cloze.getByLabel('Text with gaps')).toHaveValue('A model learns from {{g1}} data.');
  await cloze.getByLabel('Accepted answers of gap {{g1}}').fill('training\ntrain');

  const essay = await addQuestion(page, 'Essay');
  await essay.getByLabel('Question 9', { exact: true }).fill('Describe one risk of using AI to screen job applications.');
  await essay.getByLabel('Minimum words').fill('10');
  await essay.getByLabel('What criterion 1 assesses').fill('Names a real risk');
  await essay.getByLabel('Points of criterion 1').fill('2');
  await essay.getByRole('button', { name: 'Add a level to criterion 1' }).click();
  await essay.getByLabel('Description of level 1 (criterion 1)').fill('A real risk, explained');
  await essay.getByRole('button', { name: 'Add a level to criterion 1' }).click();
  await essay.getByLabel('Description of level 2 (criterion 1)').fill('No risk named');
  await essay.getByRole('button', { name: 'Add a criterion' }).click();
  await essay.getByLabel('What criterion 2 assesses').fill('Gives an example');
  await essay.getByLabel('Points of criterion 2').fill('3');
  await expect(essay.getByText('Worth 5 points: the total of its rubric.')).toBeVisible();

  // The learner's view, with the learner's own controls.
  await ordering.getByRole('button', { name: 'See question 7 as a learner' }).click();
  const orderingPreview = ordering.getByRole('region', { name: 'Question 7 as a learner sees it' });
  await expect(orderingPreview.getByRole('button', { name: 'Move “Collect data” up' })).toBeVisible();
  await numeric.getByRole('button', { name: 'See question 4 as a learner' }).click();
  await expect(numeric.getByRole('region', { name: 'Question 4 as a learner sees it' }).getByRole('cell', { name: '0.9' })).toBeVisible();
  await essay.getByRole('button', { name: 'See question 9 as a learner' }).click();
  await expect(essay.getByRole('region', { name: 'Question 9 as a learner sees it' }).getByText('2 points: A real risk, explained')).toBeVisible();
  await checkA11y(page, 'quiz editor with all nine question types and previews');
  await screenshot(page, 'console-authoring-nine-types');

  // The draft saves on its own once typing pauses.
  await expect(page.getByRole('status').filter({ hasText: /^Draft saved automatically at/ })).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published: learners now see version 1.' })).toBeVisible();

  // A learner takes it.
  const learner = await register(request, 'Lou Learner');
  const learnerContext = await browser.newContext({ baseURL });
  const learnerPage = await learnerContext.newPage();
  await signIn(learnerPage, learner, `/courses/${slug}`);
  await learnerPage.getByRole('button', { name: 'Enrol for free' }).click();
  await expect(learnerPage).toHaveURL(new RegExp(`/learn/${slug}$`));
  await learnerPage.getByRole('link', { name: /Check every kind of question/ }).first().click();
  await learnerPage.getByRole('button', { name: 'Start the quiz' }).click();
  const questions = learnerPage.locator('li.question');
  await expect(questions).toHaveCount(9);
  await expect(learnerPage.getByRole('cell', { name: '0.9' })).toHaveCount(1);
  for (const question of await questions.all()) {
    await answer(question);
  }
  await expect(learnerPage.getByText('9 of 9 answered')).toBeVisible();
  await checkA11y(learnerPage, 'the authored quiz, answered');
  await learnerPage.getByRole('button', { name: 'Submit answers' }).click();
  await expect(learnerPage.getByRole('heading', { level: 2, name: 'Awaiting a teacher' })).toBeVisible();
  await expect(learnerPage.getByText(/Graded so far: 8 of 8 points\. A teacher has yet to grade answers worth 5 points/)).toBeVisible();
  await checkA11y(learnerPage, 'the authored quiz, awaiting the essay grade');
  const attemptURL = learnerPage.url();

  // Staff find the learner in the gradebook and grade the essay against its rubric.
  await page.goto(`/console/courses/${slug}/gradebook`);
  await page.getByRole('link', { name: 'Lou Learner' }).click();
  await page.getByRole('link', { name: /attempt 1$/ }).click();
  await expect(page.getByText('A screening model trained on past hires may repeat their bias, for example against women.')).toBeVisible();
  await page.getByLabel('Names a real risk (up to 2 points)').selectOption({ label: '2 points: A real risk, explained' });
  await page.getByLabel('Gives an example (up to 3 points)').fill('2');
  await page.getByLabel('Comment for the learner (optional)').fill('Name the group affected and how.');
  await checkA11y(page, 'the attempt review page, grading an essay');
  await page.getByRole('button', { name: 'Save the grade' }).click();
  await expect(page.getByRole('cell', { name: 'Essay graded' })).toBeVisible();

  // The learner sees the grade and asks for a review of it.
  await learnerPage.goto(attemptURL);
  await expect(learnerPage.getByText('Name the group affected and how.')).toBeVisible();
  await learnerPage.getByLabel('What should the teacher look at?').fill('My example names the group: women.');
  await learnerPage.getByRole('button', { name: 'Request a review' }).click();
  await expect(learnerPage.getByRole('status').filter({ hasText: 'My example names the group: women.' })).toBeVisible();

  // Staff answer it from the inbox without changing the grade; the learner reads the answer.
  await page.goto(`/console/courses/${slug}/reviews`);
  await expect(page.getByRole('cell', { name: 'My example names the group: women.' })).toBeVisible();
  await checkA11y(page, 'the review-request inbox');
  await page.getByRole('link', { name: /attempt 1$/ }).click();
  await page.getByLabel('Your answer').fill('It does, but not how the model disadvantages them: the grade stands.');
  await page.getByRole('button', { name: 'Answer without changing the grade' }).click();
  await expect(page.getByText(/^Resolved on/)).toBeVisible();
  await learnerPage.reload();
  await expect(learnerPage.getByText('It does, but not how the model disadvantages them: the grade stands.')).toBeVisible();

  // The graded essay completed the course: its credential is in the learner's wallet, valid.
  await learnerPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Credentials' }).click();
  await expect(learnerPage.getByRole('heading', { level: 1, name: 'My credentials' })).toBeVisible();
  const credential = learnerPage.getByRole('article', { name: 'AI at work' });
  await expect(async () => {
    await learnerPage.reload();
    await expect(credential).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(credential.getByText('Valid', { exact: true })).toBeVisible();
  await learnerContext.close();
});
