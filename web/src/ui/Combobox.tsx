import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Loader2 } from 'lucide-react';
import { cn } from './cn';

export interface ComboboxOption {
  /** What a pick puts in the box. */
  value: string;
  /** Said after the value, e.g. `12 veículos`. */
  hint?: string;
}

export interface ComboboxProps {
  label: string;
  /** The text in the box: typed or picked. */
  value: string;
  onChange: (text: string) => void;
  /** Suggestions for the text typed so far (the caller fetches them). */
  options: ComboboxOption[];
  loading?: boolean;
  hint?: ReactNode;
  placeholder?: string;
  name?: string;
  className?: string;
  disabled?: boolean;
}

/**
 * A text box with suggestions (the ARIA 1.2 combobox pattern with a list box): typing opens the
 * list, ArrowDown/ArrowUp move through it, Enter picks the highlighted suggestion, Escape closes
 * the list. With no suggestion highlighted, Enter is left to the form (free text still counts).
 */
export function Combobox({ label, value, onChange, options, loading, hint, placeholder, name, className, disabled }: ComboboxProps) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const expanded = open && options.length > 0;
  const current = expanded && active >= 0 && active < options.length ? active : -1;

  const move = (to: number) => {
    setActive(to);
    listRef.current?.children[to]?.scrollIntoView?.({ block: 'nearest' });
  };

  const pick = (option: ComboboxOption) => {
    onChange(option.value);
    setOpen(false);
    setActive(-1);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!expanded) {
          setOpen(true);
          move(e.altKey ? -1 : 0);
        } else move(current < options.length - 1 ? current + 1 : 0);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!expanded) {
          setOpen(true);
          move(options.length - 1);
        } else move(current > 0 ? current - 1 : options.length - 1);
        break;
      case 'Enter': {
        const option = current >= 0 ? options[current] : undefined;
        if (option) {
          e.preventDefault();
          pick(option);
        } else setOpen(false);
        break;
      }
      case 'Escape':
        if (expanded) {
          // Closes the list only, not the dialog around it (see BottomSheet's Escape).
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
          setActive(-1);
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  };

  return (
    <div className={cn('relative space-y-1', className)}>
      <label id={labelId} htmlFor={inputId} className="block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="relative">
        <input
          id={inputId}
          name={name}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={current >= 0 ? `${id}-opt-${current}` : undefined}
          aria-describedby={hint ? hintId : undefined}
          autoComplete="off"
          spellCheck={false}
          disabled={disabled}
          placeholder={placeholder}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onClick={() => setOpen(true)}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          className="block h-11 w-full rounded-md border border-slate-300 bg-white px-3 pr-9 text-sm text-slate-900 shadow-sm placeholder:text-slate-500 focus:border-brand-600 focus:outline-none focus:ring-2 focus:ring-brand-600/30 md:h-10 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
        />
        {loading && open && (
          <Loader2 className="absolute right-3 top-1/2 h-4 w-4 -translate-y-1/2 animate-spin text-slate-500" aria-hidden />
        )}
      </div>
      <ul
        ref={listRef}
        id={listId}
        role="listbox"
        aria-labelledby={labelId}
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-50 mt-1 max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {options.map((o, i) => (
          <li
            key={o.value}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === current}
            // Keep the focus in the box: a click picks without blurring it first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(o)}
            onMouseMove={() => current !== i && setActive(i)}
            className={cn(
              'flex min-h-11 cursor-pointer items-center justify-between gap-3 px-3 text-sm md:min-h-9',
              i === current && 'bg-brand-600 text-white',
            )}
          >
            <span className="truncate">{o.value}</span>
            {o.hint && <span className={cn('shrink-0 text-xs', i === current ? 'text-white' : 'text-slate-600 dark:text-slate-400')}>{o.hint}</span>}
          </li>
        ))}
      </ul>
      {hint && (
        <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
    </div>
  );
}
