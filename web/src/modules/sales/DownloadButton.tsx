// A document of the deal as a PDF (a quote or one of its versions, the sales order, the deal
// jacket): fetched through the API client, which sends the user's token and refreshes it, then
// offered as a download named by the server. A refusal is told in the app's words.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FileDown } from 'lucide-react';
import { problemText } from '@/i18n/problems';
import { downloadFrom } from '@/lib/files';
import { Button, type ButtonProps } from '@/ui/Button';
import { useToast } from '@/ui/Toast';

interface Props {
  /** The API call, made with `parseAs: 'blob'`. */
  load: () => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  /** The file's name when the server suggests none. */
  fallbackName: string;
  /** The accessible name, when the visible text alone does not say which document. */
  label?: string | undefined;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  className?: string;
  children: ReactNode;
}

export function DownloadButton({ load, fallbackName, label, variant = 'secondary', size = 'md', className, children }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const name = await downloadFrom(load(), fallbackName);
      toast.success(t('document.saved', { name }));
    } catch (e) {
      toast.error(t('document.failed'), problemText(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant={variant} size={size} className={className} loading={busy} aria-label={label} title={label} onClick={() => void run()}>
      <FileDown className="h-4 w-4" aria-hidden />
      {children}
    </Button>
  );
}
