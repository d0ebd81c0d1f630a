export { ReferenceUrs } from './urs.ts';
export type { UrsOptions, UrsEvents, RouteRequest, RouteTarget, RouteOutcome, Strategy } from './urs.ts';
