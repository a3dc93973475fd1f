import { createRouter, createWebHashHistory, type RouterHistory, type RouteRecordRaw } from 'vue-router'
import { areas } from './areas'

export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  const routes: RouteRecordRaw[] = [
    ...areas.map((a) => ({ path: a.path, name: a.name, component: a.component })),
    { path: '/:pathMatch(.*)*', redirect: areas[0]!.path },
  ]
  return createRouter({ history, routes })
}
