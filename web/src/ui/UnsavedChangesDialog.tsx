import type { Blocker } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Dialog } from './Dialog';

/**
 * "Leave without saving?" while a navigation is held by `useUnsavedChanges` (src/lib): staying is
 * the safe default (the focused button, and what Escape or the close button do).
 */
export function UnsavedChangesDialog({ blocker }: { blocker: Blocker }) {
  const { t } = useTranslation();
  const stay = () => blocker.state === 'blocked' && blocker.reset();
  return (
    <Dialog
      open={blocker.state === 'blocked'}
      onOpenChange={(open) => !open && stay()}
      title={t('unsaved.title')}
      description={t('unsaved.body')}
      footer={
        <>
          <Button variant="danger" onClick={() => blocker.state === 'blocked' && blocker.proceed()}>
            {t('unsaved.leave')}
          </Button>
          <Button autoFocus onClick={stay}>
            {t('unsaved.stay')}
          </Button>
        </>
      }
    >
      {null}
    </Dialog>
  );
}
