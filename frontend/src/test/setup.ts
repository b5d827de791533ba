import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { api } from '../api/client';
import i18n from '../i18n';

// Pages load lazily and jsdom is slow on a shared machine: allow more than the default second.
configure({ asyncUtilTimeout: 5000 });

afterEach(async () => {
  cleanup();
  api.endSession();
  localStorage.clear();
  await i18n.changeLanguage('en');
});

// jsdom does not scroll; React Router's scroll restoration calls this on every navigation.
window.scrollTo = () => {};
