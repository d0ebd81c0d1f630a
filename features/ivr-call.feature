@ivr-call
Feature: A call through the IVR
  A call rings at an IVR port; the IVR reports it to the IVR Server (IVR XML over TCP with the GLI
  header), attaches user data, and asks for the call to be routed: the IVR Server hands it to the
  T-Server's route point, URS routes it, and the IVR is told where it went. Reference §4.6 [INFER],
  checked against scenarios/ivr-call.yaml.

  Background:
    Given the IVR configuration "features/ivr/ivr-config.yaml"
    And a T-Server "TS1"
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in

  @phase-login @phase-new-call @phase-user-data @phase-routing @phase-ivr-ends
  Scenario: A call routed through the IVR
    Given a URS "URS1" connected to "TS1"
    And "URS1" has registered DN "5000"
    When a call from "5551234" arrives at DN "8001" of "TS1"
    And "IVR1" reports new call "C1" on DN "8001"
    And "IVR1" attaches "lang" = "fr" to call "C1"
    And "IVR1" reads the user data of call "C1"
    And "IVR1" asks for call "C1" to be routed from "5000"
    And "URS1" routes the call at route point "5000" to DN "7002"
    And "RouteResponse" reaches "IVR1" carrying:
      | attribute | value |
      | CallId    | C1    |
      | Dest      | "7002" |
    And "IVR1" ends call "C1"
    Then the flow follows model "ivr-call" variant "routed"
    And "UDataResp" carries:
      | attribute | value          |
      | UDataEx   | { lang: fr }   |

  @phase-caller-hangs-up
  Scenario: The caller hangs up while in the IVR
    When a call from "5551234" arrives at DN "8001" of "TS1"
    And "IVR1" reports new call "C1" on DN "8001"
    And "CallStatus" reaches "IVR1" carrying:
      | attribute | value       |
      | Event     | Established |
    And the caller at DN "8001" of "TS1" hangs up
    Then the flow follows model "ivr-call" variant "caller-hangs-up"

  @phase-no-such-call @phase-not-allowed
  Scenario: CallError: an unknown call, a DN that is not the IVR's port
    When "IVR1" reads the user data of call "C404"
    And "IVR1" reports new call "C2" on DN "7003"
    Then the flow follows model "ivr-call" variant "call-errors"
