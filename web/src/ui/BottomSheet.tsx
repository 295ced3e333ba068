import { useRef, type ReactNode } from 'react';
import { Dialog as D } from 'radix-ui';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { cn } from './cn';

interface BottomSheetProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Stays in view under the scrolling content: the sheet's actions ("Aplicar"). */
  footer?: ReactNode;
  /** `wide`: a larger panel from `sm` up, for a document to read (an e-mail as sent). */
  size?: 'default' | 'wide';
  /**
   * Where the focus goes when the sheet closes: a sheet opened without a trigger of its own (from
   * a list's row) calls `preventDefault` and focuses that row's button.
   */
  onCloseAutoFocus?: (event: Event) => void;
}

/**
 * A dialog that rises from the bottom of a phone's screen (a centred panel from `sm` up), for
 * filters and choices: the focus stays inside, Escape and the backdrop close it.
 */
export function BottomSheet({ open, onOpenChange, title, description, children, footer, size = 'default', onCloseAutoFocus }: BottomSheetProps) {
  const { t } = useTranslation();
  const content = useRef<HTMLDivElement>(null);
  return (
    <D.Root open={open} onOpenChange={onOpenChange}>
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <D.Content
          ref={content}
          onCloseAutoFocus={onCloseAutoFocus}
          // The sheet itself takes the focus, not its first field: on a phone that would raise the
          // keyboard over the sheet before the user chose what to change.
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            content.current?.focus();
          }}
          // Escape in an open list of suggestions closes the list, not the sheet.
          onEscapeKeyDown={(e) => {
            const el = e.target;
            if (el instanceof HTMLElement && el.getAttribute('role') === 'combobox' && el.getAttribute('aria-expanded') === 'true') e.preventDefault();
          }}
          className={cn(
            'fixed inset-x-0 bottom-0 z-50 flex outline-none max-h-[88dvh] flex-col rounded-t-2xl bg-white shadow-xl sm:inset-x-auto sm:bottom-auto sm:left-1/2 sm:top-1/2 sm:w-[calc(100vw-2rem)] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-2xl dark:bg-slate-900',
            size === 'wide' ? 'sm:max-w-3xl' : 'sm:max-w-xl',
          )}
        >
          <div className="mx-auto mt-2 h-1.5 w-10 rounded-full bg-slate-300 sm:hidden dark:bg-slate-700" aria-hidden />
          <div className="flex items-center justify-between gap-4 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
            <div className="min-w-0">
              <D.Title className="text-lg font-semibold">{title}</D.Title>
              {description ? (
                <D.Description className="text-sm text-slate-600 dark:text-slate-400">{description}</D.Description>
              ) : (
                <D.Description className="sr-only">{title}</D.Description>
              )}
            </div>
            <D.Close
              className="-mr-2 flex h-11 w-11 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
              aria-label={t('common.close')}
            >
              <X className="h-5 w-5" aria-hidden />
            </D.Close>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto px-4 py-4">{children}</div>
          {footer && (
            <div className="flex gap-2 border-t border-slate-200 px-4 py-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] dark:border-slate-800">
              {footer}
            </div>
          )}
        </D.Content>
      </D.Portal>
    </D.Root>
  );
}
