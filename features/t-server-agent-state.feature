@t-server-agent-state
Feature: T-Server agent state and link events
  Genesys Events and Models Reference, T-Library "Agent State and DN Events" and "General Events":
  a T-Library client registers a DN on the T-Server and drives the agent working there — login
  (always followed by Ready or NotReady, as the switch is configured), ready, not ready, logout — and
  asks the agent's state. Each agent event goes to every client registered on the DN: the requester's
  copy echoes its ReferenceID, the others' carry none. What the T-Server refuses it answers with
  EventError (ReferenceID, ErrorCode from tliberr.h, ErrorMessage). When the CTI link to the switch
  goes down or comes back, the registered clients hear it. Each scenario is checked against
  scenarios/t-server-agent-state.yaml.

  Background:
    Given a T-Server "TS1"
    And an agent application "Agent1's desktop" connected to "TS1"
    And an agent application "Supervisor's desktop" connected to "TS1"

  @phase-registration @phase-unregistration
  Scenario: A client registers a DN and unregisters it
    When "Agent1's desktop" registers DN "7001"
    And "Agent1's desktop" unregisters DN "7001"
    Then the flow follows model "t-server-agent-state" variant "register-unregister"

  @phase-login-ready @phase-login-not-ready
  Scenario Outline: After a login the switch makes the agent <state>, and the other registered client gets copies
    Given T-Server "TS1" puts agents in "<state>" after login
    And "Agent1's desktop" has registered DN "7001"
    And "Supervisor's desktop" has registered DN "7001"
    When "Agent1's desktop" logs agent "1001" in at DN "7001"
    Then the flow follows model "t-server-agent-state" variant "login-<state>"
    And these messages are exchanged in order:
      | from | to                   | message           | attributes                      | referenceId |
      | TS1  | Agent1's desktop     | EventAgentLogin   | ThisDN: "7001", AgentID: "1001" | $any        |
      | TS1  | Supervisor's desktop | EventAgentLogin   | ThisDN: "7001", AgentID: "1001" | $absent     |
      | TS1  | Agent1's desktop     | EventAgent<state> | ThisDN: "7001"                  | $absent     |
      | TS1  | Supervisor's desktop | EventAgent<state> | ThisDN: "7001"                  | $absent     |

    Examples:
      | state    |
      | Ready    |
      | NotReady |

  @phase-ready @phase-not-ready
  Scenario: The agent becomes ready, then not ready
    Given "Agent1's desktop" has registered DN "7001"
    And "Supervisor's desktop" has registered DN "7001"
    And agent "1001" is logged in at DN "7001" through "Agent1's desktop"
    When "Agent1's desktop" makes the agent at DN "7001" ready
    And "Agent1's desktop" makes the agent at DN "7001" not ready
    Then the flow follows model "t-server-agent-state" variant "ready-not-ready"

  @phase-logout
  Scenario: The agent logs out, and the other registered client hears it without a ReferenceID
    Given "Agent1's desktop" has registered DN "7001"
    And "Supervisor's desktop" has registered DN "7001"
    And agent "1001" is logged in at DN "7001" through "Agent1's desktop"
    When "Agent1's desktop" logs the agent at DN "7001" out
    Then the flow follows model "t-server-agent-state" variant "logout"
    And "EventAgentLogout" reaches "Supervisor's desktop" carrying:
      | attribute | value |
      | ThisDN    | "7001" |
      | AgentID   | "1001" |

  @phase-query-unknown
  Scenario: The agent state of a DN the T-Server has not learned is Unknown
    Given "Agent1's desktop" has registered DN "7009"
    When "Agent1's desktop" asks the agent state of DN "7009"
    Then the flow follows model "t-server-agent-state" variant "query-unknown"

  @phase-query-unknown @phase-link-down
  Scenario: While the CTI link is down, the agent state is Unknown
    Given "Agent1's desktop" has registered DN "7001"
    And agent "1001" is logged in at DN "7001" through "Agent1's desktop"
    When the CTI link of "TS1" goes down
    And "Agent1's desktop" asks the agent state of DN "7001"
    Then the flow follows model "t-server-agent-state" variant "query-unknown"

  @phase-login-not-ready @phase-login-refused
  Scenario: A second login at a DN where an agent is logged in is refused
    Given "Agent1's desktop" has registered DN "7001"
    And "Supervisor's desktop" has registered DN "7001"
    When "Agent1's desktop" logs agent "1001" in at DN "7001"
    And "Agent1's desktop" logs agent "1002" in at DN "7001"
    Then the flow follows model "t-server-agent-state" variant "login-twice"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute    | value  |
      | ErrorCode    | 43     |
      | ThisDN       | "7001" |
      | ErrorMessage | $any   |

  @phase-login-refused
  Scenario Outline: A login is refused: <case>
    Given "Agent1's desktop" has registered DN "7001"
    When "Agent1's desktop" logs agent "<agent>" in at DN "<dn>"
    Then the flow follows model "t-server-agent-state" variant "login-refused"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute    | value  |
      | ErrorCode    | <code> |
      | ErrorMessage | $any   |

    Examples:
      | case                                    | agent | dn   | code |
      | the DN is not registered by this client | 1002  | 7002 | 41   |
      | the agent is not configured             | 4711  | 7001 | 192  |

  @phase-ready-refused
  Scenario: Ready with no agent logged in is refused
    Given "Agent1's desktop" has registered DN "7002"
    When "Agent1's desktop" makes the agent at DN "7002" ready
    Then the flow follows model "t-server-agent-state" variant "ready-refused"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute | value |
      | ErrorCode | 187    |
      | ThisDN    | "7002" |

  @phase-registration-refused
  Scenario: Registering a DN the T-Server is not configured with is refused
    When "Agent1's desktop" registers DN "9999"
    Then the flow follows model "t-server-agent-state" variant "registration-refused"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute | value |
      | ErrorCode | 59    |

  @phase-login-refused @phase-link-down
  Scenario: A login while the CTI link is down is refused
    Given "Agent1's desktop" has registered DN "7001"
    And the CTI link of "TS1" goes down
    When "Agent1's desktop" logs agent "1001" in at DN "7001"
    Then the flow follows model "t-server-agent-state" variant "login-refused"
    And "EventError" reaches "Agent1's desktop" carrying:
      | attribute | value |
      | ErrorCode | 54    |

  @phase-link-down @phase-link-up
  Scenario: The CTI link goes down and comes back; every client with a registered DN hears it
    Given "Agent1's desktop" has registered DN "7001"
    And "Supervisor's desktop" has registered DN "7002"
    When the CTI link of "TS1" goes down
    And the CTI link of "TS1" comes back
    Then the flow follows model "t-server-agent-state" variant "link-down-up"

  @phase-login-at-set @phase-logout-at-set
  Scenario: An agent logs in and out on the phone set of an IVR port; the registered clients hear it without a ReferenceID
    Given DN "8003" is configured on T-Server "TS1" as a "VoiceTreatmentPort"
    And "Agent1's desktop" has registered DN "8003"
    And "Supervisor's desktop" has registered DN "8003"
    When agent "1003" logs in on the phone set of DN "8003" of "TS1"
    And the agent at DN "8003" of "TS1" logs out on the phone set
    Then the flow follows model "t-server-agent-state" variant "at-the-set"
