import type { Course, InstitutionDetail, Programme, Skill } from '../api/types';

/** A published course as GET /courses/:slug answers, with one module of a lesson and a quiz. */
export function aCourse(overrides: Partial<Course> = {}): Course {
  return {
    id: 'c1',
    slug: 'ai-101',
    institution: 'ai-skills-academy',
    institution_name: 'AI Skills Academy',
    status: 'published',
    version: 1,
    title: 'AI for everyone',
    summary: 'What AI is and is not.',
    description: 'A course in *three* parts.',
    language: 'en',
    level: 'beginner',
    eqf_level: 4,
    workload_hours: 12,
    ects: 0.5,
    instructors: ['Ada Example'],
    skills: [{ skill: 'sk-ml', proficiency: 'basic' }],
    prerequisites: ['Curiosity'],
    pass_mark: 70,
    learning_outcomes: ['Explain what a model is.'],
    assessment_type: 'Online quizzes',
    participation: 'online',
    quality_assurance: 'Curriculum board',
    credential: true,
    modules: [
      {
        id: 'basics',
        title: 'The basics',
        summary: 'Where AI comes from.',
        items: [
          { id: 'what-ai-is', kind: 'lesson', title: 'What AI is', required: true, reading_minutes: 5 },
          {
            id: 'quiz',
            kind: 'assessment',
            title: 'Check your understanding',
            required: true,
            assessment_summary: { title: 'Check', questions: 6, pass_mark: 70, attempts_allowed: 3, time_limit_minutes: 15, feedback: 'immediate' },
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** A published programme as GET /programmes/:slug answers. */
export function aProgramme(overrides: Partial<Programme> = {}): Programme {
  return {
    id: 'p1',
    slug: 'msc-ai',
    title: 'MSc Artificial Intelligence',
    institution: 'belfry-university',
    cycle: 'master',
    field_of_study: 'Information and Communication Technologies',
    ects: 120,
    eqf_level: 7,
    duration_semesters: 4,
    study_mode: 'full-time',
    delivery: 'on-campus',
    languages: ['en', 'fr'],
    language_requirement: 'English B2',
    country: 'BE',
    city: 'Ghent',
    intakes: [{ start: '2027-09-15', deadline_eu: '2027-06-01', deadline_non_eu: '2027-03-01' }],
    tuition: [
      { fee_group: 'eu', amount: 1000, currency: 'EUR', period: 'year' },
      { fee_group: 'non_eu', amount: 6500, currency: 'EUR', period: 'year' },
    ],
    scholarships: 'Merit scholarships.',
    joint_degree: false,
    skills: ['sk-ml'],
    url: 'https://belfry.example/msc-ai',
    summary: 'A research master.',
    sample: true,
    ...overrides,
  };
}

/** An institution profile with one programme and one course. */
export function anInstitution(overrides: Partial<InstitutionDetail> = {}): InstitutionDetail {
  return {
    id: 'i1',
    slug: 'belfry-university',
    name: 'Belfry University',
    kind: 'university',
    country: 'BE',
    city: 'Ghent',
    website: 'https://belfry.example',
    logo_url: '',
    description: 'A fictional university.',
    sample: true,
    programmes: [
      {
        id: 'p1',
        slug: 'msc-ai',
        title: 'MSc Artificial Intelligence',
        institution: 'belfry-university',
        cycle: 'master',
        ects: 120,
        eqf_level: 7,
        country: 'BE',
        city: 'Ghent',
        delivery: 'on-campus',
        study_mode: 'full-time',
        languages: ['en'],
        summary: 'A research master.',
        sample: true,
      },
    ],
    courses: [
      {
        id: 'c1',
        slug: 'ai-101',
        institution: 'belfry-university',
        title: 'AI for everyone',
        summary: 'What AI is and is not.',
        language: 'en',
        level: 'beginner',
        eqf_level: 4,
        ects: 0.5,
        workload_hours: 12,
        credential: true,
      },
    ],
    ...overrides,
  };
}

/** The ESCO skill "machine learning". */
export const machineLearning: Skill = {
  id: 'sk-ml',
  uri: 'http://data.europa.eu/esco/skill/sk-ml',
  type: 'knowledge',
  labels: { en: 'machine learning', fr: 'apprentissage automatique', de: 'maschinelles Lernen' },
};
