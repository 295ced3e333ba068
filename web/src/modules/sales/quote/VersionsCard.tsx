// Every version of a quote, newest first: what the customer was shown each time, opened as the
// document it was or downloaded as its PDF.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '@/api/client';
import { formatDateTime, formatMoney } from '@/lib/format';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { QueryView } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { DownloadButton } from '../DownloadButton';
import { quoteKeys } from '../keys';
import { QuoteContentView } from './QuoteContentView';

export function VersionsCard({ quoteId, current }: { quoteId: string; current: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: [...quoteKeys.versions(quoteId), current],
    queryFn: () => unwrap(api.GET('/api/v1/quotes/{id}/versions', { params: { path: { id: quoteId } } })),
  });
  const shown = versions.data?.items.find((v) => v.version === open);
  return (
    <Card className="p-5">
      <h2 className="mb-3 font-semibold">{t('quote.versions')}</h2>
      <QueryView query={versions} compact skeleton={<Skeleton className="h-16" />}>
        {(data) => (
          <ol className="space-y-1 text-sm">
            {data.items
              .slice()
              .reverse()
              .map((v) => (
                <li key={v.version} className="flex items-center justify-between gap-2">
                  <div>
                    <p className="font-medium">
                      {t('quote.versionN', { version: v.version })}
                      {v.version === current && <span className="ml-2 text-xs font-normal text-slate-600 dark:text-slate-400">{t('quote.currentVersion')}</span>}
                    </p>
                    <p className="text-xs text-slate-600 dark:text-slate-400">
                      {formatDateTime(v.createdAt)} · {formatMoney(v.content.totals.totalCents)}
                    </p>
                  </div>
                  <div className="flex shrink-0 gap-1">
                    <Button variant="ghost" size="sm" onClick={() => setOpen(v.version)} aria-label={t('quote.openVersion', { version: v.version })}>
                      {t('quote.open')}
                    </Button>
                    <DownloadButton
                      variant="ghost"
                      size="sm"
                      label={t('quote.versionPdfLabel', { version: v.version })}
                      fallbackName={`proposta-v${v.version}.pdf`}
                      load={() => api.GET('/api/v1/quotes/{id}/versions/{version}/pdf', { params: { path: { id: quoteId, version: v.version } }, parseAs: 'blob' })}
                    >
                      {t('quote.versionPdf')}
                    </DownloadButton>
                  </div>
                </li>
              ))}
          </ol>
        )}
      </QueryView>
      <Dialog open={shown !== undefined} onOpenChange={(o) => !o && setOpen(null)} title={t('quote.versionN', { version: open ?? 0 })} description={shown && formatDateTime(shown.createdAt)}>
        {shown && <QuoteContentView content={shown.content} headingLevel={3} />}
      </Dialog>
    </Card>
  );
}
