import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react';
import { centsToMoneyInput, maskMoney, moneyToCents } from '@/lib/masks';
import { Input } from './Field';

export interface MoneyInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'defaultValue' | 'onChange' | 'type'> {
  label: ReactNode;
  error?: string | undefined;
  hint?: ReactNode;
  /** Integer centavos; null when empty. */
  value: number | null | undefined;
  onChange: (cents: number | null) => void;
}

/**
 * A money field in reais with the currency mask (`90.000,00`): digits fill from the right, so
 * typing `9000000` shows `90.000,00` and gives 9000000 centavos. Clearing it gives null. Works
 * with React Hook Form through `Controller` (value, onChange, onBlur, name, ref).
 */
export const MoneyInput = forwardRef<HTMLInputElement, MoneyInputProps>(function MoneyInput({ value, onChange, ...rest }, ref) {
  return (
    <Input
      ref={ref}
      inputMode="numeric"
      autoComplete="off"
      {...rest}
      value={centsToMoneyInput(value)}
      onChange={(e) => {
        const cents = moneyToCents(maskMoney(e.target.value));
        // Deleting from `0,00` would put `0,00` back forever: a deletion down to zero empties it.
        const deleting = (e.nativeEvent as InputEvent).inputType?.startsWith('delete') ?? false;
        onChange(cents === 0 && deleting ? null : cents);
      }}
    />
  );
});
