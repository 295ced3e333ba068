import { loadTexts } from '@/i18n';

// A test renders a screen without the shell that loads the modules' words, so they load here.
await loadTexts();
