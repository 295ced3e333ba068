// A value the Owner pastes into a provider's console (the callback URL, its token, a template's
// name): shown read-only, selected on focus, with a button that copies it.
import { useTranslation } from 'react-i18next';
import { Copy } from 'lucide-react';
import { Button } from '@/ui/Button';
import { Input } from '@/ui/Field';
import { useToast } from '@/ui/Toast';

/** Copies `text` and says so with `done`; when the browser refuses, says how to copy by hand. */
export function useCopy() {
  const { t } = useTranslation();
  const toast = useToast();
  return (text: string, done: string) => {
    const failed = () => toast.error(t('channels.callback.copyFailed'));
    const copying = navigator.clipboard?.writeText(text);
    if (!copying) return failed();
    copying.then(() => toast.success(done), failed);
  };
}

export function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const copy = useCopy();
  return (
    <div className="flex items-end gap-2">
      <Input
        label={label}
        readOnly
        value={value}
        spellCheck={false}
        className="min-w-0 flex-1 [&_input]:font-mono [&_input]:text-xs sm:[&_input]:text-sm"
        onFocus={(e) => e.target.select()}
      />
      <Button
        variant="secondary"
        className="shrink-0"
        aria-label={t('channels.callback.copyLabel', { what: label })}
        onClick={() => copy(value, t('channels.callback.copied', { what: label }))}
      >
        <Copy className="h-4 w-4" aria-hidden />
        <span className="hidden sm:inline">{t('channels.callback.copy')}</span>
      </Button>
    </div>
  );
}
