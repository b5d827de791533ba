import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { AuthoredQuestion, AuthoredType } from '../api/console';
import { ProblemsContext } from './contentEditing';
import type { Problems } from './problems';
import { QuestionEditor } from './QuestionEditor';
import { QuestionPreview } from './QuestionPreview';
import { apiQuestion, newQuestion } from './questions';

/** Renders the editor of a new question of type; current() is what the API would be sent now. */
function edit(type: AuthoredType, problems: Problems = { fields: {} }) {
  let latest = newQuestion(type, []);
  function Harness() {
    const [q, setQ] = useState<AuthoredQuestion>(latest);
    return (
      <ProblemsContext.Provider value={problems}>
        <QuestionEditor
          path="questions[0]"
          question={q}
          number={1}
          onChange={(next) => {
            latest = next;
            setQ(next);
          }}
        />
        <QuestionPreview path="questions[0]" question={q} number={1} total={1} />
      </ProblemsContext.Provider>
    );
  }
  const user = userEvent.setup({ delay: null });
  render(<Harness />);
  return { user, current: () => JSON.parse(JSON.stringify(apiQuestion(latest))) as AuthoredQuestion };
}

describe('question editors', () => {
  it('write a multiple-response question with option feedback, a reordered option and a penalty', async () => {
    const { user, current } = edit('multiple_response');
    await user.type(screen.getByLabelText('Question 1'), 'Which are models?');
    await user.type(screen.getByLabelText('Option 1'), 'GPT');
    await user.type(screen.getByLabelText('Option 2'), 'CSV');
    await user.click(screen.getByRole('button', { name: 'Add an option' }));
    await user.type(screen.getByLabelText('Option 3'), 'BERT');
    await user.click(screen.getByRole('checkbox', { name: 'Correct (Option 3)' }));
    await user.type(screen.getByLabelText('Feedback on option 2'), 'A file format.');
    await user.click(screen.getByRole('button', { name: 'Move up: Option 3' }));
    await user.type(screen.getByLabelText('Penalty per wrong option'), '0,5');
    expect(current()).toEqual({
      id: 'q1',
      type: 'multiple_response',
      prompt: 'Which are models?',
      points: 1,
      penalty: 0.5,
      options: [
        { id: 'a', text: 'GPT', correct: true },
        { id: 'c', text: 'BERT', correct: true },
        { id: 'b', text: 'CSV', correct: false, feedback: 'A file format.' },
      ],
    });
  });

  it('write a numeric question with units', async () => {
    const { user, current } = edit('numeric');
    await user.type(screen.getByLabelText('Question 1'), 'How far?');
    await user.type(screen.getByLabelText('Correct answer'), '1500');
    await user.click(screen.getByRole('button', { name: 'Add a unit' }));
    await user.type(screen.getByLabelText('Unit 1'), 'm');
    await user.click(screen.getByRole('button', { name: 'Add a unit' }));
    await user.type(screen.getByLabelText('Unit 2'), 'km');
    await user.clear(screen.getByLabelText('Multiplier of unit 2'));
    await user.type(screen.getByLabelText('Multiplier of unit 2'), '1000');
    await user.click(screen.getByRole('checkbox', { name: 'The answer must name one of these units' }));
    expect(current()).toEqual({
      id: 'q1',
      type: 'numeric',
      prompt: 'How far?',
      points: 1,
      answer: 1500,
      tolerance_mode: 'absolute',
      units: [
        { unit: 'm', multiplier: 1 },
        { unit: 'km', multiplier: 1000 },
      ],
      unit_required: true,
    });
  });

  it('write a matching question with a distractor', async () => {
    const { user, current } = edit('matching');
    await user.type(screen.getByLabelText('Question 1'), 'Match each task');
    await user.type(screen.getByLabelText('Left 1'), 'Predict sales');
    await user.type(screen.getByLabelText('Match 1'), 'Regression');
    await user.type(screen.getByLabelText('Left 2'), 'Filter spam');
    await user.type(screen.getByLabelText('Match 2'), 'Classification');
    await user.type(screen.getByLabelText('Extra matches'), 'Compression');
    expect(current()).toEqual({
      id: 'q1',
      type: 'matching',
      prompt: 'Match each task',
      points: 1,
      pairs: [
        { id: 'p1', left: 'Predict sales', right: 'Regression' },
        { id: 'p2', left: 'Filter spam', right: 'Classification' },
      ],
      distractors: ['Compression'],
    });
  });

  it('write an ordering question, reordered from the keyboard', async () => {
    const { user, current } = edit('ordering');
    await user.type(screen.getByLabelText('Question 1'), 'Order the steps');
    await user.type(screen.getByLabelText('Position 1'), 'Train');
    await user.type(screen.getByLabelText('Position 2'), 'Collect data');
    screen.getByRole('button', { name: 'Move up: Collect data' }).focus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByRole('checkbox', { name: 'Partial credit' }));
    expect(current()).toEqual({
      id: 'q1',
      type: 'ordering',
      prompt: 'Order the steps',
      points: 1,
      partial: true,
      items: [
        { id: 'i2', text: 'Collect data' },
        { id: 'i1', text: 'Train' },
      ],
    });
  });

  it('write a cloze question with a typed gap and a choice gap', async () => {
    const { user, current } = edit('cloze');
    await user.type(screen.getByLabelText('Question 1'), 'Complete');
    await user.type(screen.getByLabelText('Text with gaps'), 'A model learns from ');
    await user.click(screen.getByRole('button', { name: 'Insert a gap at the cursor' }));
    await user.type(screen.getByLabelText('Text with gaps'), ' data and is tested on {{{{held-out}} data.');
    await user.type(screen.getByLabelText('Accepted answers of gap {{g1}}'), 'training{Enter}train');
    const heldOut = screen.getByRole('group', { name: 'Gap {{held-out}}' });
    await user.click(within(heldOut).getByRole('radio', { name: 'The learner chooses from a list' }));
    await user.type(screen.getByLabelText('Options of gap {{held-out}}'), 'unseen{Enter}training');
    await user.selectOptions(screen.getByLabelText('Right option of gap {{held-out}}'), 'unseen');
    expect(current()).toEqual({
      id: 'q1',
      type: 'cloze',
      prompt: 'Complete',
      points: 1,
      text: 'A model learns from {{g1}} data and is tested on {{held-out}} data.',
      gaps: [
        { id: 'g1', answers: ['training', 'train'] },
        { id: 'held-out', options: ['unseen', 'training'], answer: 'unseen' },
      ],
    });
  });

  it('write an essay with a rubric of criteria and levels, worth the rubric’s total', async () => {
    const { user, current } = edit('essay');
    await user.type(screen.getByLabelText('Question 1'), 'Discuss a risk of AI in hiring.');
    await user.type(screen.getByLabelText('Minimum words'), '80');
    await user.type(screen.getByLabelText('What criterion 1 assesses'), 'Names the risk');
    await user.clear(screen.getByLabelText('Points of criterion 1'));
    await user.type(screen.getByLabelText('Points of criterion 1'), '2');
    await user.click(screen.getByRole('button', { name: 'Add a level to criterion 1' }));
    await user.type(screen.getByLabelText('Description of level 1 (criterion 1)'), 'Named and explained');
    await user.click(screen.getByRole('button', { name: 'Add a level to criterion 1' }));
    await user.type(screen.getByLabelText('Description of level 2 (criterion 1)'), 'Not named');
    await user.click(screen.getByRole('button', { name: 'Add a criterion' }));
    await user.type(screen.getByLabelText('What criterion 2 assesses'), 'Gives an example');
    await user.clear(screen.getByLabelText('Points of criterion 2'));
    await user.type(screen.getByLabelText('Points of criterion 2'), '3');
    expect(screen.getByText('Worth 5 points: the total of its rubric.')).toBeInTheDocument();
    expect(screen.queryByLabelText('Points')).toBeNull();
    expect(current()).toEqual({
      id: 'q1',
      type: 'essay',
      prompt: 'Discuss a risk of AI in hiring.',
      min_words: 80,
      rubric: [
        {
          criterion: 'Names the risk',
          points: 2,
          levels: [
            { points: 2, description: 'Named and explained' },
            { points: 0, description: 'Not named' },
          ],
        },
        { criterion: 'Gives an example', points: 3 },
      ],
    });

    // The learner's view shows the rubric with its levels and the word limit.
    await user.click(screen.getByRole('button', { name: 'See question 1 as a learner' }));
    const preview = screen.getByRole('region', { name: 'Question 1 as a learner sees it' });
    expect(within(preview).getByText('Question 1 of 1')).toBeInTheDocument();
    expect(within(preview).getByText('2 points: Named and explained')).toBeInTheDocument();
    expect(within(preview).getByText(/at least 80 words/)).toBeInTheDocument();
  });

  it('show the API’s problems at the fields they name', async () => {
    edit('essay', {
      fields: {
        'questions[0].rubric[0].criterion': ['Is required'],
        'questions[0].rubric': ['Too many criteria'],
        'questions[0].min_words': ['Must not exceed max_words (10)'],
      },
    });
    expect(screen.getByLabelText('What criterion 1 assesses')).toHaveAccessibleDescription('Is required');
    expect(screen.getByLabelText('Minimum words')).toHaveAccessibleDescription(/Must not exceed max_words \(10\)/);
    expect(screen.getByRole('group', { name: 'Rubric' })).toHaveAccessibleDescription(/Too many criteria/);
  });

  it('preview a matching question with the learner’s controls, the matches shuffled', async () => {
    const { user } = edit('matching');
    await user.type(screen.getByLabelText('Left 1'), 'GPU');
    await user.type(screen.getByLabelText('Match 1'), 'Hardware');
    await user.type(screen.getByLabelText('Left 2'), 'Python');
    await user.type(screen.getByLabelText('Match 2'), 'Language');
    await user.click(screen.getByRole('button', { name: 'See question 1 as a learner' }));
    const preview = screen.getByRole('region', { name: 'Question 1 as a learner sees it' });
    const gpu = within(preview).getByRole('combobox', { name: 'GPU' });
    await user.selectOptions(gpu, 'Hardware');
    expect(gpu).toHaveDisplayValue('Hardware');
    expect(within(preview).queryByText('Correct')).toBeNull();
  });
});
