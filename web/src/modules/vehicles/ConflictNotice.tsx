import { useTranslation } from 'react-i18next';
import { RefreshCw } from 'lucide-react';
import { Button } from '@/ui/Button';

/** Someone else changed the record since it was read (HTTP 412): say so and offer the fresh copy. */
export function ConflictNotice({ onReload }: { onReload: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <div>
        <p className="font-medium">{t('conflict.title')}</p>
        <p>{t('conflict.body')}</p>
      </div>
      <Button variant="secondary" size="sm" onClick={onReload}>
        <RefreshCw className="h-4 w-4" aria-hidden />
        {t('conflict.reload')}
      </Button>
    </div>
  );
}
