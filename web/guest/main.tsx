import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { GuestApp } from './app.js';
import { guestI18n } from './i18n.js';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={guestI18n.i18n}>
        <GuestApp />
      </I18nextProvider>
    </StrictMode>,
  );
}
