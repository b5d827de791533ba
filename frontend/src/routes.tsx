import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { Layout } from './components/Layout';
import { RouteError } from './components/RouteError';

/** Loads a page module on first visit, so each page is its own chunk. */
function page(load: () => Promise<{ default: ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

/** Every route of the web app. The Go server answers unknown paths with index.html, so these decide. */
export const routes: RouteObject[] = [
  {
    Component: Layout,
    ErrorBoundary: RouteError,
    HydrateFallback: () => null,
    children: [
      {
        ErrorBoundary: RouteError,
        children: [
          { index: true, lazy: page(() => import('./pages/HomePage')) },
          { path: 'search', lazy: page(() => import('./pages/SearchPage')) },
          { path: 'courses/:slug', lazy: page(() => import('./pages/CoursePage')) },
          { path: 'programmes/:slug', lazy: page(() => import('./pages/ProgrammePage')) },
          { path: 'competitions', lazy: page(() => import('./pages/CompetitionsPage')) },
          {
            path: 'competitions/:slug',
            lazy: page(() => import('./pages/CompetitionPage')),
            children: [
              { index: true, lazy: page(() => import('./competitions/OverviewTab')) },
              { path: 'data', lazy: page(() => import('./competitions/DataTab')) },
              { path: 'rules', lazy: page(() => import('./competitions/RulesTab')) },
              { path: 'leaderboard', lazy: page(() => import('./competitions/LeaderboardTab')) },
              { path: 'submissions', lazy: page(() => import('./competitions/SubmissionsTab')) },
              { path: 'team', lazy: page(() => import('./competitions/TeamTab')) },
            ],
          },
          { path: 'institutions/:slug', lazy: page(() => import('./pages/InstitutionPage')) },
          { path: 'signup', lazy: page(() => import('./pages/SignUpPage')) },
          { path: 'signin', lazy: page(() => import('./pages/SignInPage')) },
          { path: 'password/forgot', lazy: page(() => import('./pages/ForgotPasswordPage')) },
          { path: 'password/reset', lazy: page(() => import('./pages/ResetPasswordPage')) },
          { path: 'verify-email', lazy: page(() => import('./pages/VerifyEmailPage')) },
          { path: 'account', lazy: page(() => import('./pages/AccountPage')) },
          { path: 'dashboard', lazy: page(() => import('./pages/DashboardPage')) },
          { path: 'learning', lazy: page(() => import('./pages/MyLearningPage')) },
          { path: 'learn/:slug/attempts/:id', lazy: page(() => import('./pages/AttemptPage')) },
          { path: 'learn/:slug/:ref?', lazy: page(() => import('./pages/LearnPage')) },
          { path: 'credentials', lazy: page(() => import('./pages/CredentialsPage')) },
          { path: 'teams', lazy: page(() => import('./pages/TeamsPage')) },
          { path: 'verify/:id?', lazy: page(() => import('./pages/VerifyPage')) },
          { path: 'talent', lazy: page(() => import('./pages/TalentPage')) },
          { path: 'talent/profile', lazy: page(() => import('./pages/TalentProfilePage')) },
          { path: 'talent/matches', lazy: page(() => import('./pages/TalentMatchesPage')) },
          { path: 'talent/contacts', lazy: page(() => import('./pages/TalentContactsPage')) },
          { path: 'talent/how-matching-works', lazy: page(() => import('./pages/HowMatchingWorksPage')) },
          { path: 'console', lazy: page(() => import('./console/ConsoleHome')) },
          { path: 'console/courses/new', lazy: page(() => import('./console/CourseDetailsPage')) },
          { path: 'console/courses/:slug', lazy: page(() => import('./console/CourseDetailsPage')) },
          { path: 'console/courses/:slug/content', lazy: page(() => import('./console/CourseContentPage')) },
          { path: 'console/courses/:slug/gradebook', lazy: page(() => import('./console/GradebookPage')) },
          { path: 'console/courses/:slug/learners/:learnerId', lazy: page(() => import('./console/LearnerRecordPage')) },
          { path: 'console/courses/:slug/attempts/:attemptId', lazy: page(() => import('./console/AttemptReviewPage')) },
          { path: 'console/courses/:slug/reviews', lazy: page(() => import('./console/ReviewRequestsPage')) },
          { path: 'console/courses/:slug/cohorts', lazy: page(() => import('./console/CohortsPage')) },
          { path: 'console/courses/:slug/insight', lazy: page(() => import('./console/InsightPage')) },
          { path: 'console/programmes/new', lazy: page(() => import('./console/ProgrammePage')) },
          { path: 'console/programmes/:slug', lazy: page(() => import('./console/ProgrammePage')) },
          { path: 'console/competitions/new', lazy: page(() => import('./console/CompetitionPage')) },
          { path: 'console/competitions/:slug', lazy: page(() => import('./console/CompetitionPage')) },
          { path: 'console/competitions/:slug/data', lazy: page(() => import('./console/CompetitionDataPage')) },
          { path: 'console/competitions/:slug/submissions', lazy: page(() => import('./console/CompetitionSubmissionsPage')) },
          { path: 'console/competitions/:slug/flags', lazy: page(() => import('./console/CompetitionFlagsPage')) },
          { path: 'console/competitions/:slug/audit', lazy: page(() => import('./console/CompetitionAuditPage')) },
          { path: 'console/credentials', lazy: page(() => import('./console/RevokePage')) },
          { path: 'console/teams/:orgId', lazy: page(() => import('./console/TeamPage')) },
          { path: 'console/organisations/new', lazy: page(() => import('./console/CreateOrgPage')) },
          { path: 'console/institutions/:slug', lazy: page(() => import('./console/InstitutionProfilePage')) },
          {
            path: 'admin',
            lazy: page(() => import('./admin/AdminPage')),
            children: [
              { index: true, lazy: page(() => import('./admin/QueueTab')) },
              { path: 'organisations', lazy: page(() => import('./admin/OrganisationsTab')) },
              { path: 'users', lazy: page(() => import('./admin/UsersTab')) },
              { path: 'moderation', lazy: page(() => import('./admin/ModerationTab')) },
              { path: 'audit', lazy: page(() => import('./admin/AuditTab')) },
              { path: 'platform', lazy: page(() => import('./admin/PlatformTab')) },
            ],
          },
          { path: 'console/orgs/:orgId/openings', lazy: page(() => import('./console/OpeningsPage')) },
          { path: 'console/orgs/:orgId/openings/new', lazy: page(() => import('./console/OpeningPage')) },
          { path: 'console/orgs/:orgId/openings/:openingId', lazy: page(() => import('./console/OpeningPage')) },
          { path: 'console/orgs/:orgId/openings/:openingId/matches', lazy: page(() => import('./console/OpeningMatchesPage')) },
          { path: 'console/orgs/:orgId/talent', lazy: page(() => import('./console/TalentSearchPage')) },
          { path: 'console/orgs/:orgId/talent/:pseudonym', lazy: page(() => import('./console/CandidatePage')) },
          { path: 'about', lazy: page(() => import('./pages/AboutPage')) },
          { path: '*', lazy: page(() => import('./pages/NotFoundPage')) },
        ],
      },
    ],
  },
];
