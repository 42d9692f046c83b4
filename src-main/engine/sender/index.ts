/**
 * The sender: provider profiles and their event catalogs, webhooks, triggers (API, tests,
 * schedules, scenarios) and the durable dispatcher. Built once by `createServices`.
 */
import type { EngineContext } from '../context'
import type { OutboundClient } from '../http/outbound'
import { createSenderRepos } from './context'
import { createDeliveries } from './deliveries'
import { createDispatcher, type DispatcherOptions } from './dispatcher'
import { createEventTypes } from './event-types'
import { createProfiles } from './profiles'
import { createScenarios } from './scenarios'
import { createSchedules } from './schedules'
import { createTriggers } from './triggers'
import { createWebhooks } from './webhooks'

export function createSender(ctx: EngineContext, http: OutboundClient, options: DispatcherOptions = {}) {
  const sc = { ctx, repos: createSenderRepos(ctx) }
  const profiles = createProfiles(sc)
  const eventTypes = createEventTypes(sc, profiles)
  const dispatcher = createDispatcher(sc, { http, profiles }, options)
  const triggers = createTriggers(sc, { profiles, dispatcher })
  const deliveries = createDeliveries(sc, { profiles, dispatcher })
  const webhooks = createWebhooks(sc, { profiles, dispatcher, triggers, deliveries, http })
  const schedules = createSchedules(sc, { profiles, triggers, dispatcher })
  const scenarios = createScenarios(sc, { profiles, triggers, dispatcher })
  dispatcher.addSource(schedules.source)
  dispatcher.addSource(scenarios.source)
  dispatcher.start()
  return {
    profiles,
    eventTypes,
    webhooks,
    events: triggers,
    deliveries,
    schedules,
    scenarios,
    dispatcher,
    stop: () => dispatcher.stop(),
  }
}

export type Sender = ReturnType<typeof createSender>
