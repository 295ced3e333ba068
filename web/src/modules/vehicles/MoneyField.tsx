import { Controller, type Control, type FieldPathByValue, type FieldValues } from 'react-hook-form';
import { centsToMoneyInput, moneyToCents } from '@/lib/masks';
import { MoneyInput, type MoneyInputProps } from '@/ui/MoneyInput';

type Props<T extends FieldValues> = Omit<MoneyInputProps, 'value' | 'onChange' | 'name'> & {
  control: Control<T>;
  /** A field holding the amount as the mask shows it (`1.234,56`); the API gets centavos from it. */
  name: FieldPathByValue<T, string>;
};

/**
 * The shared money input (`src/ui/MoneyInput`) on a React Hook Form field kept as masked text, so
 * the form compares, resets and validates it as before while the input types in centavos and
 * empties cleanly on backspace.
 */
export function MoneyField<T extends FieldValues>({ control, name, ...rest }: Props<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <MoneyInput
          placeholder="0,00"
          {...rest}
          ref={field.ref}
          name={field.name}
          onBlur={field.onBlur}
          value={moneyToCents(field.value as string)}
          onChange={(cents) => field.onChange(centsToMoneyInput(cents))}
        />
      )}
    />
  );
}
