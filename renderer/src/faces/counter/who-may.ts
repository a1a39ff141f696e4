import type { CallName } from '../../../../electron/common/contract'
import { useCounterStore } from '../../stores/counter'
import { useLocaleStore } from '../../stores/locale'

/** "此项需审核岗办理": who may make a call, in the roles the contract declares for it. */
export function useWhoMay(): (name: CallName) => string {
  const counter = useCounterStore()
  const locale = useLocaleStore()
  return (name) =>
    locale.t('counter.onlyRoles', {
      roles: counter
        .rolesFor(name)
        .map((r) => locale.t(`counter.role.${r}`))
        .join(locale.t('counter.roles.or')),
    })
}
