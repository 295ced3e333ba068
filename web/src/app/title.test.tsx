import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { pageTitle, usePageTitle } from './title';

function Screen({ parts }: { parts: Array<string | undefined> }) {
  usePageTitle(...parts);
  return null;
}

describe('the page title', () => {
  afterEach(() => {
    cleanup();
    document.title = 'Innexar';
  });

  it('names the screen before the app, most specific first, skipping what is not known yet', () => {
    expect(pageTitle('Estoque')).toBe('Estoque · Innexar');
    expect(pageTitle('Toyota Corolla', 'Estoque')).toBe('Toyota Corolla · Estoque · Innexar');
    expect(pageTitle(undefined, '', 'Estoque')).toBe('Estoque · Innexar');
    expect(pageTitle()).toBe('Innexar');
  });

  it('names the tab while the screen shows, follows what it shows, and gives the tab back on leaving', () => {
    document.title = 'Início · Innexar';
    const { rerender, unmount } = render(<Screen parts={[undefined, 'Estoque']} />);
    expect(document.title).toBe('Estoque · Innexar');
    // The record arrived: its name comes first.
    rerender(<Screen parts={['Chevrolet Onix', 'Estoque']} />);
    expect(document.title).toBe('Chevrolet Onix · Estoque · Innexar');
    unmount();
    expect(document.title).toBe('Início · Innexar');
  });
});
