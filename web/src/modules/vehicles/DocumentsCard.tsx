import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Download, FileText, Trash2, Upload } from 'lucide-react';
import { api, unwrap } from '@/api/client';
import { ApiError, isApiError, pointerToPath } from '@/api/problem';
import { codeText, fieldText, problemText } from '@/i18n/problems';
import { acceptOf, checkFile, DOCUMENT_RULE, fileNameFromDisposition, multipart, saveBlob } from '@/lib/files';
import { formatBytes, formatDateTime } from '@/lib/format';
import { queryFailure, queryPhase } from '@/lib/queryPhase';
import { Button } from '@/ui/Button';
import { Card } from '@/ui/Card';
import { Dialog } from '@/ui/Dialog';
import { Input, Select } from '@/ui/Field';
import { ErrorState } from '@/ui/QueryView';
import { Skeleton } from '@/ui/Skeleton';
import { useToast } from '@/ui/Toast';
import { vehicleKeys } from './keys';
import { DOCUMENT_KINDS, type DocumentKind, type VehicleDocument } from './media';

/** The vehicle's papers (CRLV, nota fiscal, laudo cautelar), for those who may read them. */
export function DocumentsCard({ vehicleId, canManage }: { vehicleId: string; canManage: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const key = vehicleKeys.documents(vehicleId);
  const documents = useQuery({
    queryKey: key,
    queryFn: () => unwrap(api.GET('/api/v1/vehicles/{id}/documents', { params: { path: { id: vehicleId } } })),
  });
  const [kind, setKind] = useState<DocumentKind | ''>('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ kind?: string; file?: string }>({});
  const [confirmDelete, setConfirmDelete] = useState<VehicleDocument | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const nameOf = (d: VehicleDocument) => d.originalFilename || t(`documents.kinds.${d.kind}`);
  const problem = (e: unknown) => problemText(t, e);

  const upload = useMutation({
    mutationFn: (v: { kind: DocumentKind; file: File }) =>
      unwrap(
        api.POST('/api/v1/vehicles/{id}/documents', {
          params: { path: { id: vehicleId } },
          ...multipart({ kind: v.kind, file: v.file }),
        }),
      ),
    onSuccess: () => {
      setKind('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      toast.success(t('documents.uploaded'));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      // Field problems land on their field; a refused file (type, size) is the file's problem.
      const err = isApiError(e) ? e : new ApiError(0, { detail: String(e) });
      const placed: { kind?: string; file?: string } = {};
      for (const fe of err.fieldErrors) {
        const path = pointerToPath(fe.pointer);
        if (path === 'kind' || path === 'file') placed[path] = fieldText(t, fe.code);
      }
      if (err.fieldErrors.length === 0 && (err.code.startsWith('files.') || err.status === 413 || err.status === 415)) {
        placed.file = problemText(t, err);
      }
      setErrors(placed);
      if (!placed.kind && !placed.file) toast.error(t('errors.saveFailed'), problem(e));
    },
  });

  const remove = useMutation({
    mutationFn: (d: VehicleDocument) =>
      unwrap(api.DELETE('/api/v1/vehicles/{id}/documents/{document_id}', { params: { path: { id: vehicleId, document_id: d.id } } })),
    onSuccess: () => {
      setConfirmDelete(null);
      toast.success(t('documents.deleted'));
      void qc.invalidateQueries({ queryKey: key });
    },
    onError: (e) => {
      setConfirmDelete(null);
      toast.error(t('errors.saveFailed'), problem(e));
    },
  });

  const download = async (d: VehicleDocument) => {
    setDownloading(d.id);
    try {
      const { data, error, response } = await api.GET('/api/v1/vehicles/{id}/documents/{document_id}', {
        params: { path: { id: vehicleId, document_id: d.id } },
        parseAs: 'blob',
      });
      if (error !== undefined || !response.ok || !(data instanceof Blob)) throw new ApiError(response.status, (error ?? {}) as object);
      saveBlob(data, fileNameFromDisposition(response.headers.get('Content-Disposition'), nameOf(d)));
    } catch (e) {
      toast.error(t('errors.loadFailed'), problem(e));
    } finally {
      setDownloading(null);
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: { kind?: string; file?: string } = {};
    if (!kind) next.kind = codeText(t, 'validation.required');
    if (!file) next.file = t('documents.chooseFile');
    else {
      const bad = checkFile(file, DOCUMENT_RULE);
      if (bad) next.file = codeText(t, bad);
    }
    setErrors(next);
    if (next.kind || next.file || !kind || !file) return;
    upload.mutate({ kind, file });
  };

  const items = documents.data?.items ?? [];

  return (
    <Card className="p-5 lg:col-span-3">
      <h2 className="mb-4 font-semibold">{t('documents.title')}</h2>
      {queryPhase(documents) === 'error' ? (
        <ErrorState compact message={problem(queryFailure(documents))} retrying={documents.fetchStatus === 'fetching'} onRetry={() => void documents.refetch()} />
      ) : !documents.data ? (
        <Skeleton className="h-16" />
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('documents.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">{t('documents.title')}</caption>
            <thead className="text-left text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">{t('documents.kind')}</th>
                <th scope="col" className="py-2 pr-3 font-medium">{t('documents.file')}</th>
                <th scope="col" className="hidden py-2 pr-3 text-right font-medium sm:table-cell">{t('documents.size')}</th>
                <th scope="col" className="hidden py-2 pr-3 font-medium sm:table-cell">{t('documents.date')}</th>
                <th scope="col"><span className="sr-only">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className="border-t border-slate-100 dark:border-slate-800">
                  <td className="py-2 pr-3 whitespace-nowrap">{t(`documents.kinds.${d.kind}`)}</td>
                  <td className="max-w-48 py-2 pr-3">
                    <span className="flex items-center gap-1">
                      <FileText className="h-4 w-4 shrink-0 text-slate-500" aria-hidden />
                      <span className="truncate">{nameOf(d)}</span>
                    </span>
                  </td>
                  <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">{formatBytes(d.sizeBytes)}</td>
                  <td className="hidden py-2 pr-3 sm:table-cell">{formatDateTime(d.createdAt)}</td>
                  <td className="py-2 text-right whitespace-nowrap">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="h-11 w-11 px-0 sm:h-8 sm:w-8"
                      aria-label={t('documents.download', { name: nameOf(d) })}
                      title={t('documents.download', { name: nameOf(d) })}
                      loading={downloading === d.id}
                      onClick={() => void download(d)}
                    >
                      {downloading !== d.id && <Download className="h-4 w-4" aria-hidden />}
                    </Button>
                    {canManage && (
                      <Button
                        variant="ghost"
                        size="sm"
                        className="h-11 w-11 px-0 text-red-700 sm:h-8 sm:w-8 dark:text-red-400"
                        aria-label={t('documents.remove', { name: nameOf(d) })}
                        title={t('documents.remove', { name: nameOf(d) })}
                        onClick={() => setConfirmDelete(d)}
                      >
                        <Trash2 className="h-4 w-4" aria-hidden />
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage && (
        <form onSubmit={submit} noValidate className="mt-4 grid items-start gap-3 sm:grid-cols-[12rem_1fr_auto]">
          <Select
            label={t('documents.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as DocumentKind | '')}
            placeholder={t('common.choose')}
            options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }))}
            error={errors.kind}
          />
          <Input
            ref={fileInput}
            label={t('documents.file')}
            type="file"
            accept={acceptOf(DOCUMENT_RULE)}
            hint={t('documents.fileHint', { size: formatBytes(DOCUMENT_RULE.maxBytes) })}
            error={errors.file}
            className="[&_input]:py-1.5 [&_input]:file:mr-3 [&_input]:file:rounded [&_input]:file:border-0 [&_input]:file:bg-slate-100 [&_input]:file:px-2 [&_input]:file:py-1 dark:[&_input]:file:bg-slate-800 dark:[&_input]:file:text-slate-100"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setErrors((x) => ({ ...x, file: undefined }));
            }}
          />
          <Button type="submit" loading={upload.isPending} className="h-11 sm:h-10 sm:mt-6">
            <Upload className="h-4 w-4" aria-hidden />
            {t('documents.upload')}
          </Button>
        </form>
      )}
      <Dialog
        open={confirmDelete !== null}
        onOpenChange={(o) => !o && setConfirmDelete(null)}
        title={t('documents.deleteTitle')}
        description={confirmDelete ? t('documents.deleteBody', { name: nameOf(confirmDelete) }) : ''}
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(null)}>{t('common.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => confirmDelete && remove.mutate(confirmDelete)}>
              {t('common.delete')}
            </Button>
          </>
        }
      >
        {null}
      </Dialog>
    </Card>
  );
}
