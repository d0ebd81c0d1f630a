@t-server-basic-call
Feature: T-Server basic call and route point
  Genesys Events and Models Reference, T-Library basic call model: A calls B, B answers, A hangs up;
  and a call from outside the switch waiting at a route point, routed by URS (EventRouteRequest,
  RequestRouteCall, EventRouteUsed), then ringing at its destination. Each scenario is checked against
  scenarios/t-server-basic-call.yaml.

  Background:
    Given a T-Server "TS1"
    And an agent application "Desk A" connected to "TS1"
    And an agent application "Desk B" connected to "TS1"
    And "Desk A" has registered DN "7001"
    And "Desk B" has registered DN "7002"

  @phase-call-establishing @phase-release
  Scenario: A calls B, B answers, A hangs up
    When "Desk A" calls DN "7002" from DN "7001"
    And "Desk B" answers the call at DN "7002"
    And "Desk A" hangs up at DN "7001"
    Then the flow follows model "t-server-basic-call" variant "internal-call"

  @phase-route-point @phase-answer-inbound @phase-caller-hangs-up
  Scenario: A call at the route point is routed by URS, rings at the destination, is answered, and the caller hangs up
    Given a URS "URS" connected to "TS1"
    And "URS" has registered DN "5000"
    When a call from "6175550100" arrives at DN "5000" of "TS1"
    And "URS" routes the call at route point "5000" to DN "7002"
    And "Desk B" answers the call at DN "7002"
    And the caller at DN "7002" of "TS1" hangs up
    Then the flow follows model "t-server-basic-call" variant "routed-call"
    And "EventRouteUsed" reaches "URS" carrying:
      | attribute    | value  |
      | ThirdPartyDN | "7002" |
