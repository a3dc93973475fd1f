import type { Component } from 'vue'
import type { RouteRecordSingleView } from 'vue-router'
import JoinWayNavBadge from '@/components/JoinWayNavBadge.vue'
import ProfilesView from '@/views/ProfilesView.vue'

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
  /**
   * The view. Only the first area's is in the start-up bundle; the others load when first
   * opened, so the window draws its first frame sooner (make startup measures it).
   */
  component: RouteRecordSingleView['component']
  /** Rendered after the sidebar label: a badge that shows itself when it has news (with its own accessible label). */
  badge?: Component
}

export const areas: Area[] = [
  { name: 'profiles', path: '/profiles', labelKey: 'nav.profiles', component: ProfilesView },
  { name: 'tickets', path: '/tickets', labelKey: 'nav.tickets', component: () => import('@/views/TicketsView.vue') },
  { name: 'sign', path: '/sign', labelKey: 'nav.sign', component: () => import('@/views/SignView.vue') },
  { name: 'devserver', path: '/devserver', labelKey: 'nav.devserver', component: () => import('@/views/DevServerView.vue') },
  { name: 'tunnel', path: '/tunnel', labelKey: 'nav.tunnel', component: () => import('@/views/TunnelView.vue') },
  { name: 'diagnose', path: '/diagnose', labelKey: 'nav.diagnose', component: () => import('@/views/DiagnoseView.vue') },
  { name: 'joinway', path: '/joinway', labelKey: 'nav.joinway', component: () => import('@/views/JoinWayView.vue'), badge: JoinWayNavBadge },
  { name: 'callbacks', path: '/callbacks', labelKey: 'nav.callbacks', component: () => import('@/views/CallbacksView.vue') },
  { name: 'settings', path: '/settings', labelKey: 'nav.settings', component: () => import('@/views/SettingsView.vue') },
]
