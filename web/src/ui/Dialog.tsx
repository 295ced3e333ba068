import { useState, type ReactNode } from 'react';
import { Dialog as D } from 'radix-ui';
import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /**
   * The dialog holds unsaved changes: Escape, a tap outside or the close button ask "leave
   * without saving?" before closing (the caller's own Cancel still discards at once).
   */
  dirty?: boolean;
}

export function Dialog({ open, onOpenChange, title, description, children, footer, dirty = false }: DialogProps) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  return (
    <D.Root
      open={open}
      onOpenChange={(o) => {
        if (!o && dirty) setAsking(true);
        else onOpenChange(o);
      }}
    >
      <D.Portal>
        <D.Overlay className="fixed inset-0 z-40 bg-slate-950/50" />
        <D.Content
          className="fixed left-1/2 top-1/2 z-50 max-h-[90vh] w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl dark:bg-slate-900"
        >
          <div className="mb-4 flex items-start justify-between gap-4">
            <div>
              <D.Title className="text-lg font-semibold">{title}</D.Title>
              {description ? (
                <D.Description className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</D.Description>
              ) : (
                <D.Description className="sr-only">{title}</D.Description>
              )}
            </div>
            <D.Close
              className="-m-2 flex h-11 w-11 shrink-0 items-center justify-center rounded-md text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800"
              aria-label={t('common.close')}
            >
              <X className="h-5 w-5" aria-hidden />
            </D.Close>
          </div>
          {children}
          {footer && <div className="mt-6 flex flex-wrap justify-end gap-2">{footer}</div>}
        </D.Content>
      </D.Portal>
      {asking && (
        <Dialog
          open
          onOpenChange={(o) => !o && setAsking(false)}
          title={t('unsaved.title')}
          description={t('unsaved.body')}
          footer={
            <>
              <Button
                variant="danger"
                onClick={() => {
                  setAsking(false);
                  onOpenChange(false);
                }}
              >
                {t('unsaved.leave')}
              </Button>
              <Button autoFocus onClick={() => setAsking(false)}>
                {t('unsaved.stay')}
              </Button>
            </>
          }
        >
          {null}
        </Dialog>
      )}
    </D.Root>
  );
}
