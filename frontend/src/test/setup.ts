import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { api } from '../api/client';
import i18n from '../i18n';

afterEach(async () => {
  cleanup();
  api.endSession();
  localStorage.clear();
  await i18n.changeLanguage('en');
});
