import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Toast as T } from 'radix-ui';
import { CheckCircle2, AlertTriangle, X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { cn } from './cn';

type Kind = 'success' | 'error';
interface Item {
  id: number;
  kind: Kind;
  title: string;
  description?: string | undefined;
}

interface ToastApi {
  success: (title: string, description?: string) => void;
  error: (title: string, description?: string) => void;
}

const Ctx = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const push = useCallback((kind: Kind, title: string, description?: string) => {
    setItems((xs) => [...xs.slice(-3), { id: Date.now() + Math.random(), kind, title, description }]);
  }, []);
  const api = useMemo<ToastApi>(
    () => ({ success: (a, b) => push('success', a, b), error: (a, b) => push('error', a, b) }),
    [push],
  );
  return (
    <Ctx.Provider value={api}>
      <T.Provider swipeDirection="right" duration={5000} label={t('common.notifications')}>
        {children}
        {items.map((item) => (
          <T.Root
            key={item.id}
            type={item.kind === 'error' ? 'foreground' : 'background'}
            onOpenChange={(open) => !open && setItems((xs) => xs.filter((x) => x.id !== item.id))}
            className={cn(
              'flex items-start gap-3 rounded-lg border bg-white p-4 shadow-lg dark:bg-slate-900',
              item.kind === 'error' ? 'border-red-300 dark:border-red-800' : 'border-green-300 dark:border-green-800',
            )}
          >
            {item.kind === 'error' ? (
              <AlertTriangle className="mt-0.5 h-5 w-5 shrink-0 text-red-600" aria-hidden />
            ) : (
              <CheckCircle2 className="mt-0.5 h-5 w-5 shrink-0 text-green-600" aria-hidden />
            )}
            <div className="min-w-0 flex-1">
              <T.Title className="text-sm font-medium">{item.title}</T.Title>
              {item.description && (
                <T.Description className="mt-1 break-words text-sm text-slate-600 dark:text-slate-400">
                  {item.description}
                </T.Description>
              )}
            </div>
            <T.Close aria-label={t('common.close')} className="rounded p-0.5 text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800">
              <X className="h-4 w-4" aria-hidden />
            </T.Close>
          </T.Root>
        ))}
        <T.Viewport className="fixed bottom-0 right-0 z-[60] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </T.Provider>
    </Ctx.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
