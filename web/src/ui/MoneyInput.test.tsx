import '@/i18n';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MoneyInput } from './MoneyInput';

function Harness({ initial = null, seen }: { initial?: number | null; seen: Array<number | null> }) {
  const [value, setValue] = useState<number | null>(initial);
  return (
    <MoneyInput
      label="Preço até (R$)"
      value={value}
      onChange={(v) => {
        seen.push(v);
        setValue(v);
      }}
    />
  );
}

describe('the money input', () => {
  afterEach(cleanup);

  it('reads "90.000,00" as 9000000 centavos, not nine million reais', async () => {
    const seen: Array<number | null> = [];
    render(<Harness seen={seen} />);
    const box = screen.getByLabelText('Preço até (R$)');
    await userEvent.type(box, '9000000');
    expect(box).toHaveProperty('value', '90.000,00');
    expect(seen.at(-1)).toBe(9_000_000);
  });

  it('takes a pasted Brazilian amount', async () => {
    const seen: Array<number | null> = [];
    render(<Harness seen={seen} />);
    const box = screen.getByLabelText('Preço até (R$)');
    await userEvent.click(box);
    await userEvent.paste('R$ 1.234,56');
    expect(box).toHaveProperty('value', '1.234,56');
    expect(seen.at(-1)).toBe(123_456);
  });

  it('shows the centavos it is given and empties to null', async () => {
    const seen: Array<number | null> = [];
    render(<Harness initial={150} seen={seen} />);
    const box = screen.getByLabelText('Preço até (R$)');
    expect(box).toHaveProperty('value', '1,50');
    // Deleting digit by digit ends empty, not stuck at "0,00".
    await userEvent.type(box, '{Backspace}{Backspace}{Backspace}');
    expect(box).toHaveProperty('value', '');
    expect(seen.at(-1)).toBeNull();
  });
});
