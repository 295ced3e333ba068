import '@/i18n';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Combobox } from './Combobox';

const MAKES = ['Chevrolet', 'Citroën', 'Fiat', 'Volkswagen'];
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A make filter in a form, as the stock list's sheet has it. */
function Harness({ submitted }: { submitted: string[] }) {
  const [make, setMake] = useState('');
  const options = MAKES.filter((m) => make && fold(m).includes(fold(make))).map((value) => ({ value, hint: '3 veículos' }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submitted.push(make);
      }}
    >
      <Combobox label="Marca" value={make} onChange={setMake} options={options} />
      <button type="submit">Aplicar</button>
    </form>
  );
}

describe('the combobox', () => {
  afterEach(cleanup);

  it('suggests as the user types and picks with the arrows and Enter, without submitting', async () => {
    const submitted: string[] = [];
    render(<Harness submitted={submitted} />);
    const box = screen.getByRole('combobox', { name: 'Marca' });
    expect(box.getAttribute('aria-expanded')).toBe('false');

    await userEvent.type(box, 'c');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const list = screen.getByRole('listbox', { name: 'Marca' });
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Chevrolet3 veículos', 'Citroën3 veículos']);

    await userEvent.type(box, 'i');
    expect(screen.getAllByRole('option')).toHaveLength(1);
    await userEvent.clear(box);
    await userEvent.type(box, 'c');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    const second = screen.getByRole('option', { name: /Citroën/ });
    expect(box.getAttribute('aria-activedescendant')).toBe(second.id);
    expect(second.getAttribute('aria-selected')).toBe('true');
    // Past the last suggestion the highlight wraps to the first.
    await userEvent.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: /Chevrolet/ }).id);

    await userEvent.keyboard('{Enter}');
    expect(box).toHaveProperty('value', 'Chevrolet');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-activedescendant')).toBeNull();
    expect(submitted).toEqual([]);
  });

  it('leaves Enter to the form when no suggestion is highlighted: typed text filters too', async () => {
    const submitted: string[] = [];
    render(<Harness submitted={submitted} />);
    await userEvent.type(screen.getByRole('combobox', { name: 'Marca' }), 'chev{Enter}');
    expect(submitted).toEqual(['chev']);
  });

  it('closes on Escape keeping the text, and picks with a click', async () => {
    const submitted: string[] = [];
    render(<Harness submitted={submitted} />);
    const box = screen.getByRole('combobox', { name: 'Marca' });
    await userEvent.type(box, 'volks');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    await userEvent.keyboard('{Escape}');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box).toHaveProperty('value', 'volks');

    await userEvent.click(box);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    await userEvent.click(screen.getByRole('option', { name: /Volkswagen/ }));
    expect(box).toHaveProperty('value', 'Volkswagen');
    expect(document.activeElement).toBe(box);
    expect(submitted).toEqual([]);
  });
});
