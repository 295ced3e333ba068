import { useEffect, useRef, useState, type FormEvent } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AlertTriangle, ArrowLeft, CheckCircle2, Download, FileCheck2, Upload } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/schema.gen';
import { ApiError, isApiError, pointerToPath } from '@/api/problem';
import { usePageTitle } from '@/app/title';
import { codeText, fieldText, problemText } from '@/i18n/problems';
import { acceptOf, checkFile, fileNameFromDisposition, multipart, saveBlob, SPREADSHEET_RULE } from '@/lib/files';
import { formatBytes, formatNumber, formatPercent, orEmpty } from '@/lib/format';
import { queryFailure, queryPhase } from '@/lib/queryPhase';
import { Button } from '@/ui/Button';
import { Card, PageHeader } from '@/ui/Card';
import { Input } from '@/ui/Field';
import { Pagination } from '@/ui/Pagination';
import { ErrorState, UpdatingNotice } from '@/ui/QueryView';
import { useToast } from '@/ui/Toast';
import { cn } from '@/ui/cn';
import { vehicleKeys } from './keys';
import { displayPlaca } from './labels';

type ImportView = components['schemas']['ImportView'];
type RowError = components['schemas']['RowError'];

const ERRORS_PAGE_SIZE = 50;
const POLL_MS = 500;

/** The headers the import reads (Portuguese; English ones work too). File syntax, not UI text. */
const COLUMNS = [
  'placa', 'chassi', 'marca', 'modelo', 'versão', 'ano', 'ano modelo', 'cor', 'km', 'combustível', 'câmbio',
  'condição', 'situação', 'preço', 'custo', 'preço mínimo', 'loja', 'origem', 'renavam', 'código fipe',
  'valor fipe', 'mês fipe', 'cor interna', 'portas', 'opcionais', 'descrição', 'chaves', 'localização', 'estoque',
];

const finished = (j: ImportView | undefined) => j?.status === 'succeeded' || j?.status === 'failed';

/** A spreadsheet of vehicles in: checked first without writing (dry run), then imported. */
export function ImportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [jobId, setJobId] = useState<string | null>(null);
  const [errorsPage, setErrorsPage] = useState(1);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('importer.title'), t('inventory.title'));

  const job = useQuery({
    queryKey: vehicleKeys.import(jobId, errorsPage),
    enabled: jobId !== null,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/vehicles/imports/{id}', {
          params: { path: { id: jobId ?? '' }, query: { errorsPage, errorsPageSize: ERRORS_PAGE_SIZE } },
        }),
      ),
    refetchInterval: (q) => (finished(q.state.data) ? false : POLL_MS),
    placeholderData: keepPreviousData,
  });
  const view = jobId !== null && job.data?.id === jobId ? job.data : undefined;
  const lost = jobId !== null && queryPhase(job) === 'error';
  const done = finished(view);

  // A real import that finished changed the stock: lists and numbers are stale. The result's
  // heading takes the focus, so a screen reader hears the outcome.
  useEffect(() => {
    if (!done || !view) return;
    if (!view.dryRun) {
      void qc.invalidateQueries({ queryKey: vehicleKeys.lists() });
      void qc.invalidateQueries({ queryKey: vehicleKeys.details() });
      void qc.invalidateQueries({ queryKey: vehicleKeys.reports() });
    }
    resultHeading.current?.focus();
  }, [done, view?.id]);

  const start = useMutation({
    mutationFn: (v: { file: File; dryRun: boolean }) =>
      unwrap(api.POST('/api/v1/vehicles/imports', { ...multipart({ file: v.file, dryRun: String(v.dryRun) }) })),
    onSuccess: (j) => {
      setErrorsPage(1);
      qc.setQueryData(vehicleKeys.import(j.id, 1), j);
      setJobId(j.id);
    },
    onError: (e) => {
      const err = isApiError(e) ? e : new ApiError(0, { detail: String(e) });
      const onFile = err.fieldErrors.find((fe) => pointerToPath(fe.pointer) === 'file');
      if (onFile) setFileError(fieldText(t, onFile.code));
      else if (err.status === 413 || err.status === 415) setFileError(problemText(t, err));
      else toast.error(t('errors.saveFailed'), problemText(t, err));
    },
  });

  const validate = (e: FormEvent) => {
    e.preventDefault();
    if (!file) {
      setFileError(t('documents.chooseFile'));
      return;
    }
    const bad = checkFile(file, SPREADSHEET_RULE);
    if (bad) {
      setFileError(codeText(t, bad));
      return;
    }
    setFileError(undefined);
    start.mutate({ file, dryRun: true });
  };

  const reset = () => {
    setJobId(null);
    setFile(null);
    setFileError(undefined);
    if (fileInput.current) fileInput.current.value = '';
  };

  const running = start.isPending || (view !== undefined && !done);
  const importable = view ? view.rows - view.rejected : 0;

  return (
    <>
      <Link to="/inventory" className="mb-4 inline-flex items-center gap-1 text-sm text-slate-700 hover:underline dark:text-slate-300">
        <ArrowLeft className="h-4 w-4" aria-hidden />
        {t('inventory.back')}
      </Link>
      <PageHeader title={t('importer.title')}>{t('importer.intro')}</PageHeader>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card className="p-5">
            <form onSubmit={validate} noValidate className="flex flex-col gap-3 sm:flex-row sm:items-start">
              <Input
                ref={fileInput}
                label={t('importer.file')}
                type="file"
                accept={acceptOf(SPREADSHEET_RULE)}
                hint={t('importer.fileHint', { size: formatBytes(SPREADSHEET_RULE.maxBytes) })}
                error={fileError}
                disabled={running}
                className="flex-1 [&_input]:py-1.5 [&_input]:file:mr-3 [&_input]:file:rounded [&_input]:file:border-0 [&_input]:file:bg-slate-100 [&_input]:file:px-2 [&_input]:file:py-1 dark:[&_input]:file:bg-slate-800 dark:[&_input]:file:text-slate-100"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setFileError(undefined);
                  // A new file needs its own check before it can be imported.
                  setJobId(null);
                }}
              />
              <Button type="submit" loading={start.isPending && start.variables?.dryRun} disabled={running} className="sm:mt-6">
                <FileCheck2 className="h-4 w-4" aria-hidden />
                {t('importer.validate')}
              </Button>
            </form>
          </Card>

          {/* The job's state or its rows could not be read: say so and retry, not an old answer. */}
          {lost ? (
            <Card>
              <ErrorState message={problemText(t, queryFailure(job))} retrying={job.fetchStatus === 'fetching'} onRetry={() => void job.refetch()} />
            </Card>
          ) : view && (
            <Card className="p-5" aria-live="polite">
              {!done ? (
                <Progress view={view} />
              ) : view.status === 'failed' ? (
                <div role="alert" className="flex items-start gap-3">
                  <AlertTriangle className="mt-0.5 h-5 w-5 shrink-0 text-red-600" aria-hidden />
                  <div>
                    <h2 ref={resultHeading} tabIndex={-1} className="font-semibold outline-none">{t('importer.failed')}</h2>
                    {/* `failure` is the server's English, for logs: the user reads the app's words. */}
                    <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{t('importer.failedBody')}</p>
                  </div>
                </div>
              ) : (
                <>
                  <h2 ref={resultHeading} tabIndex={-1} className="mb-4 flex items-center gap-2 font-semibold outline-none">
                    <CheckCircle2 className="h-5 w-5 text-green-600" aria-hidden />
                    {view.dryRun ? t('importer.dryRunResult') : t('importer.importResult')}
                  </h2>
                  <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
                    <Count label={t('importer.created')} value={view.created} />
                    <Count label={t('importer.updated')} value={view.updated} />
                    <Count label={t('importer.unchanged')} value={view.unchanged} />
                    <Count label={t('importer.rejected')} value={view.rejected} bad={view.rejected > 0} />
                  </dl>
                  {view.ignoredColumns.length > 0 && (
                    <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
                      {t('importer.ignoredColumns', { count: view.ignoredColumns.length, columns: view.ignoredColumns.join(', ') })}
                    </p>
                  )}
                  {/* Another page of problems on its way: the one shown is marked as not current. */}
                  <div aria-busy={job.isPlaceholderData} className="relative">
                    {job.isPlaceholderData && <UpdatingNotice />}
                    <div inert={job.isPlaceholderData} className={cn(job.isPlaceholderData && 'pointer-events-none opacity-40')}>
                      <RowErrors view={view} page={errorsPage} onPage={setErrorsPage} />
                    </div>
                  </div>
                  {view.rejected > 0 && <RejectedDownload jobId={view.id} />}
                  <div className="mt-4 flex flex-wrap items-center gap-3">
                    {view.dryRun ? (
                      <>
                        <p className="w-full text-sm">
                          {view.rejected > 0 ? t('importer.readySome', { count: view.rejected }) : t('importer.readyAll')}
                        </p>
                        <Button
                          loading={start.isPending && start.variables?.dryRun === false}
                          disabled={!file || importable <= 0 || start.isPending}
                          onClick={() => file && start.mutate({ file, dryRun: false })}
                        >
                          <Upload className="h-4 w-4" aria-hidden />
                          {t('importer.import')}
                        </Button>
                      </>
                    ) : (
                      <>
                        <Link
                          to="/inventory"
                          className="inline-flex h-10 items-center justify-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700"
                        >
                          {t('importer.backToInventory')}
                        </Link>
                        <Button variant="secondary" onClick={reset}>{t('importer.another')}</Button>
                      </>
                    )}
                  </div>
                </>
              )}
            </Card>
          )}
        </div>

        <Card className="h-fit p-5">
          <h2 className="mb-2 font-semibold">{t('importer.helpTitle')}</h2>
          <p className="text-sm text-slate-700 dark:text-slate-300">{t('importer.helpBody')}</p>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t('importer.helpRequired')}</p>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{t('importer.helpFormats')}</p>
          <ul className="mt-3 flex flex-wrap gap-1.5">
            {COLUMNS.map((c) => (
              <li key={c}>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-800 dark:bg-slate-800 dark:text-slate-200">{c}</code>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function Progress({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const label = view.status === 'queued' ? t('importer.queued') : view.dryRun ? t('importer.validating') : t('importer.importing');
  return (
    <div>
      <div className="mb-2 flex items-baseline justify-between gap-2 text-sm">
        <h2 className="font-semibold">{label}</h2>
        <span className="tabular-nums">{formatPercent(view.percent)}</span>
      </div>
      <div
        role="progressbar"
        aria-label={t('importer.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={view.percent}
        className="h-3 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div className="h-full rounded-full bg-brand-600 transition-[width]" style={{ width: `${view.percent}%` }} />
      </div>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {t('importer.rows', { count: view.rows, processed: formatNumber(view.processed), rows: formatNumber(view.rows) })}
      </p>
    </div>
  );
}

function Count({ label, value, bad }: { label: string; value: number; bad?: boolean }) {
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className={bad ? 'text-2xl font-semibold tabular-nums text-red-700 dark:text-red-400' : 'text-2xl font-semibold tabular-nums'}>
        {formatNumber(value)}
      </dd>
    </div>
  );
}

/** The refused rows as an XLSX to fix and import again (with the token: a plain link would not carry it). */
function RejectedDownload({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const { data, error, response } = await api.GET('/api/v1/vehicles/imports/{id}/rejected', {
        params: { path: { id: jobId }, query: { format: 'xlsx' } },
        parseAs: 'blob',
      });
      if (error !== undefined || !response.ok || !(data instanceof Blob)) throw new ApiError(response.status, (error ?? {}) as object);
      const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), 'linhas-rejeitadas.xlsx');
      saveBlob(data, name);
      toast.success(t('importer.downloadedRejected', { name }));
    } catch (e) {
      toast.error(t('importer.downloadFailed'), problemText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="mt-4 flex flex-col gap-2 rounded-md border border-slate-200 p-3 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800">
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('importer.downloadRejectedHint')}</p>
      <Button variant="secondary" loading={busy} onClick={() => void run()} className="h-11 shrink-0 sm:h-10">
        {!busy && <Download className="h-4 w-4" aria-hidden />}
        {t('importer.downloadRejected')}
      </Button>
    </div>
  );
}

/** Which vehicle a refused row is: its placa and VIN as the file has them. */
function rowVehicle(e: RowError): string {
  return orEmpty([displayPlaca(e.placa), e.vin].filter(Boolean).join(' · '));
}

function RowErrors({ view, page, onPage }: { view: ImportView; page: number; onPage: (p: number) => void }) {
  const { t } = useTranslation();
  if (view.errors.total === 0) {
    return <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">{t('importer.noErrors')}</p>;
  }
  const column = (e: RowError) => orEmpty(e.column ?? e.field);
  const value = (e: RowError) =>
    e.value === null || e.value === undefined || e.value.trim() === '' ? (
      <span className="italic text-slate-600 dark:text-slate-400">{t('importer.emptyValue')}</span>
    ) : (
      <code className="break-all rounded bg-slate-100 px-1 py-0.5 text-xs dark:bg-slate-800">{e.value}</code>
    );
  return (
    <div className="mt-4">
      <h3 className="mb-2 text-sm font-medium">
        {t('importer.errorsTitle')}{' '}
        <span className="font-normal text-slate-600 dark:text-slate-400">
          ({t('importer.errorsCount', { count: view.errors.total, formatted: formatNumber(view.errors.total) })})
        </span>
      </h3>
      {/* A phone reads each problem as a card; a desktop as a table row. */}
      <ul className="space-y-2 sm:hidden">
        {view.errors.items.map((e, i) => (
          <li key={`${e.row}-${e.column ?? ''}-${i}`} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
            <p className="font-medium">{fieldText(t, e.code)}</p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
              <dt className="text-slate-600 dark:text-slate-400">{t('importer.row')}</dt>
              <dd className="tabular-nums">{formatNumber(e.row)}</dd>
              <dt className="text-slate-600 dark:text-slate-400">{t('importer.vehicle')}</dt>
              <dd>{rowVehicle(e)}</dd>
              <dt className="text-slate-600 dark:text-slate-400">{t('importer.column')}</dt>
              <dd>{column(e)}</dd>
              <dt className="text-slate-600 dark:text-slate-400">{t('importer.value')}</dt>
              <dd>{value(e)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden overflow-x-auto rounded-md border border-slate-200 sm:block dark:border-slate-800">
        <table className="w-full text-sm">
          <caption className="sr-only">{t('importer.errorsTitle')}</caption>
          <thead className="bg-slate-50 text-left text-slate-600 dark:bg-slate-800/50 dark:text-slate-400">
            <tr>
              <th scope="col" className="px-3 py-2 text-right font-medium">{t('importer.row')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('importer.vehicle')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('importer.column')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('importer.value')}</th>
              <th scope="col" className="px-3 py-2 font-medium">{t('importer.message')}</th>
            </tr>
          </thead>
          <tbody>
            {view.errors.items.map((e, i) => (
              <tr key={`${e.row}-${e.column ?? ''}-${i}`} className="border-t border-slate-100 align-top dark:border-slate-800">
                <td className="px-3 py-2 text-right tabular-nums">{formatNumber(e.row)}</td>
                <td className="whitespace-nowrap px-3 py-2">{rowVehicle(e)}</td>
                <td className="px-3 py-2">{column(e)}</td>
                <td className="px-3 py-2">{value(e)}</td>
                <td className="px-3 py-2">{fieldText(t, e.code)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.errors.total > ERRORS_PAGE_SIZE && (
        <Pagination page={page} pageSize={ERRORS_PAGE_SIZE} total={view.errors.total} onPage={onPage} />
      )}
    </div>
  );
}
