import { useState } from 'react';
import { DropdownMenu } from 'radix-ui';
import { useTranslation } from 'react-i18next';
import { ChevronDown, Download, FileSpreadsheet, Loader2 } from 'lucide-react';
import { api } from '@/api/client';
import { ApiError } from '@/api/problem';
import { problemText } from '@/i18n/problems';
import { fileNameFromDisposition, saveBlob } from '@/lib/files';
import { useToast } from '@/ui/Toast';
import { apiQuery, type Filters } from './filters';

type Format = 'csv' | 'xlsx';

/** Downloads the list as filtered on screen (all pages), as CSV or XLSX. `compact`: an icon only (phones). */
export function ExportMenu({ filters, compact = false }: { filters: Filters; compact?: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState<Format | null>(null);

  const run = async (format: Format) => {
    setBusy(format);
    try {
      // The export takes the list's filters and sort, not its paging.
      const { page: _page, pageSize: _pageSize, ...query } = apiQuery(filters);
      const { data, error, response } = await api.GET('/api/v1/vehicles/export', {
        params: { query: { ...query, format } },
        parseAs: 'blob',
      });
      if (error !== undefined || !response.ok || !(data instanceof Blob)) throw new ApiError(response.status, (error ?? {}) as object);
      const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), `veiculos.${format}`);
      saveBlob(data, name);
      toast.success(t('exports.done', { name }));
    } catch (e) {
      toast.error(t('exports.failed'), problemText(t, e));
    } finally {
      setBusy(null);
    }
  };

  const item =
    'flex cursor-pointer items-center gap-2 rounded px-2 py-2 text-sm outline-none data-[highlighted]:bg-slate-100 dark:data-[highlighted]:bg-slate-800';
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-busy={busy !== null || undefined}
        aria-label={compact ? t('exports.button') : undefined}
        className="inline-flex h-11 min-w-11 items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm md:h-10 md:px-4 font-medium text-slate-800 hover:bg-slate-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        {busy ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Download className="h-4 w-4" aria-hidden />}
        {!compact && (
          <>
            {t('exports.button')}
            <ChevronDown className="h-4 w-4" aria-hidden />
          </>
        )}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={6}
          className="z-50 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-800 dark:bg-slate-900"
        >
          <DropdownMenu.Label className="px-2 py-1.5 text-xs text-slate-600 dark:text-slate-400">{t('exports.hint')}</DropdownMenu.Label>
          {(['csv', 'xlsx'] as const).map((f) => (
            <DropdownMenu.Item key={f} className={`${item} min-h-11 md:min-h-0`} disabled={busy !== null} onSelect={() => void run(f)}>
              <FileSpreadsheet className="h-4 w-4" aria-hidden />
              {t(`exports.${f}`)}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
