import { ChevronLeft, ChevronRight } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import { Button } from './Button';

interface Props {
  page: number;
  pageSize: number;
  total: number;
  /** False when the server stopped counting: `total` is a lower bound. */
  exact?: boolean;
  onPage: (page: number) => void;
}

/** Pages are 1-based in the URL and the API. */
export function Pagination({ page, pageSize, total, exact = true, onPage }: Props) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <nav aria-label={t('common.pagination')} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm">
      <p className="text-slate-600 dark:text-slate-400">
        {t(exact ? 'common.showing' : 'common.showingAtLeast', { from: formatNumber(from), to: formatNumber(to), total: formatNumber(total) })}
      </p>
      <div className="flex items-center gap-2">
        <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label={t('common.previous')} className="h-11 min-w-11 md:h-8 md:min-w-0">
          <ChevronLeft className="h-4 w-4" aria-hidden />
        </Button>
        <span aria-current="page">
          {t(exact ? 'common.pageOf' : 'common.pageOfAtLeast', { page: formatNumber(page), pages: formatNumber(pages) })}
        </span>
        <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label={t('common.next')} className="h-11 min-w-11 md:h-8 md:min-w-0">
          <ChevronRight className="h-4 w-4" aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
