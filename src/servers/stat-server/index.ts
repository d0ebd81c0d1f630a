export { ReferenceStatServer } from './stat-server.ts';
export type { StatServerOptions, StatServerEvents, ReportingEventSeen, ReportingObserver } from './stat-server.ts';
export type { InteractionServerTarget } from './is-link.ts';
export { GENESYS_DEFAULT_RULE, ONE_OF_ANY_TYPE_RULE, formatVector, vectorFor } from './capacity-rule.ts';
export type { CapacityRule, CapacityVector, MediaLimit, BlockCondition } from './capacity-rule.ts';
export { defaultSettings, ruleFor, settingsWith, PRECEDENCE } from './capacity-settings.ts';
export type { CapacitySettings, AssignmentLevel, RuleChoice, SettingsSpec } from './capacity-settings.ts';
export { parseCapacityRules } from './capacity-rules-file.ts';
export type { CapacityRulesResult } from './capacity-rules-file.ts';
