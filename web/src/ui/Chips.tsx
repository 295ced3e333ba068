// A row of toggle chips with one pressed: how a list offers its few filters (a status, a kind,
// unread only). 44 px tall on a phone, where the row scrolls sideways rather than wrapping.
import { cn } from './cn';

export interface Chip<T extends string> {
  value: T;
  label: string;
}

export function Chips<T extends string>({
  label,
  options,
  value,
  onChange,
  className,
}: {
  /** The group's accessible name. */
  label: string;
  options: ReadonlyArray<Chip<T>>;
  value: T;
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <div role="group" aria-label={label} className={cn('flex gap-2 overflow-x-auto', className)}>
      {options.map((o) => (
        <button
          key={o.value || 'all'}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            'inline-flex h-11 shrink-0 items-center whitespace-nowrap rounded-full border px-3 text-sm font-medium md:h-9',
            value === o.value
              ? 'border-brand-600 bg-brand-600 text-white'
              : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800',
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
