import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { i18nReady } from './platform/i18n';
import './platform/styles.css';
import { App } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
const root = createRoot(container);

void i18nReady.then(() => {
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
