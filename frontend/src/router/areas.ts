import type { Component } from 'vue'
import JoinWayNavBadge from '@/components/JoinWayNavBadge.vue'
import DevServerView from '@/views/DevServerView.vue'
import DiagnoseView from '@/views/DiagnoseView.vue'
import JoinWayView from '@/views/JoinWayView.vue'
import ProfilesView from '@/views/ProfilesView.vue'
import SettingsView from '@/views/SettingsView.vue'
import SignView from '@/views/SignView.vue'
import TicketsView from '@/views/TicketsView.vue'
import TunnelView from '@/views/TunnelView.vue'

/**
 * The areas of the console: each one is a route and a sidebar entry.
 * A new area is one line here (plus its view and its `nav.<name>` label in
 * both locale files). Only list areas that exist.
 */
export interface Area {
  /** Route name, menu key and `data-testid="nav-<name>"`. */
  name: string
  path: string
  /** i18n key of the sidebar label. */
  labelKey: string
  component: Component
  /** Rendered after the sidebar label: a badge that shows itself when it has news (with its own accessible label). */
  badge?: Component
}

export const areas: Area[] = [
  { name: 'profiles', path: '/profiles', labelKey: 'nav.profiles', component: ProfilesView },
  { name: 'tickets', path: '/tickets', labelKey: 'nav.tickets', component: TicketsView },
  { name: 'sign', path: '/sign', labelKey: 'nav.sign', component: SignView },
  { name: 'devserver', path: '/devserver', labelKey: 'nav.devserver', component: DevServerView },
  { name: 'tunnel', path: '/tunnel', labelKey: 'nav.tunnel', component: TunnelView },
  { name: 'diagnose', path: '/diagnose', labelKey: 'nav.diagnose', component: DiagnoseView },
  { name: 'joinway', path: '/joinway', labelKey: 'nav.joinway', component: JoinWayView, badge: JoinWayNavBadge },
  { name: 'settings', path: '/settings', labelKey: 'nav.settings', component: SettingsView },
]
