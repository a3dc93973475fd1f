import { useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'

export interface ConfirmOptions {
  title: string
  content: string
  /** The positive button's text ("OK" when not given). */
  ok?: string
  /** An error-coloured dialog for what cannot be undone. */
  danger?: boolean
  /**
   * What the positive button does: the dialog closes once the action settles (as Naive UI
   * does with a promise from onPositiveClick). The action reports its own errors.
   */
  action?: () => Promise<unknown>
}

/**
 * A confirmation dialog as a promise: resolves true on the positive button, false on
 * cancel, close, Esc or a click outside. Its buttons carry data-testid confirm-ok /
 * confirm-cancel.
 */
export function useConfirm() {
  const dialog = useDialog()
  const { t } = useI18n()
  return (o: ConfirmOptions): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const open = o.danger ? dialog.error : dialog.warning
      open({
        title: o.title,
        content: o.content,
        positiveText: o.ok ?? t('common.ok'),
        negativeText: t('common.cancel'),
        positiveButtonProps: { 'data-testid': 'confirm-ok' } as object,
        negativeButtonProps: { 'data-testid': 'confirm-cancel' } as object,
        onPositiveClick: () => {
          if (!o.action) return resolve(true)
          return o.action().then(() => resolve(true))
        },
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false),
        onEsc: () => resolve(false),
      })
    })
}
