@ivr-server-general-messages
Feature: IVR Server General Messages
  Genesys Events and Models Reference, IVR Server "General Messages" (seed 003): an IVR logs in to
  the IVR Server over XML behind the 6-byte GLI header on TCP, and is told without asking of its
  T-Servers' links, its ports and the agents on its ports. Each scenario is checked against
  scenarios/ivr-server-general-messages.yaml.

  Background:
    Given the IVR configuration "features/ivr/ivr-config.yaml"

  @phase-login-ok @phase-login-init-in-progress @phase-login-no-such-client @phase-login-invalid-protocol-version
  Scenario Outline: LoginResp: Result <result>, Status <status>
    Given an IVR Server "IVRS1"
    And <initialisation>
    And an IVR "IVR1" connected to "IVRS1"
    When "IVR1" logs in as "<client>" with protocol version "<version>"
    Then the flow follows model "ivr-server-general-messages" variant "<variant>"

    Examples:
      | result                 | status         | client    | version | initialisation                         | variant                        |
      | Success                | OK             | IVR1      | 4.0     | "IVRS1" completes its initialisation   | login-ok                       |
      | Success                | InitInProgress | IVR1      | 4.0     | "IVRS1" holds its initialisation       | login-init-in-progress         |
      | Success                | NoSuchClient   | NoSuchIvr | 4.0     | "IVRS1" completes its initialisation   | login-no-such-client           |
      | InvalidProtocolVersion | (none)         | IVR1      | 3.0     | "IVRS1" completes its initialisation   | login-invalid-protocol-version |

  @phase-login-ok
  Scenario: ConfigOptions come from the IVR Application's configuration
    Given an IVR Server "IVRS1"
    And an IVR "IVR1" connected to "IVRS1"
    When "IVR1" logs in
    Then "LoginResp" reaches "IVR1" carrying:
      | attribute     | value                                   |
      | Result        | Success                                 |
      | Status        | OK                                      |
      | ConfigOptions | { greeting: welcome, max-retries: 3 }   |

  @phase-server-no-connection
  Scenario: Server subtype: a T-Server the IVR uses is not connected — Unavailable, never a ReqId
    Given an IVR Server "IVRS1"
    And an IVR "IVR1" connected to "IVRS1"
    When "IVR1" logs in
    Then the flow follows model "ivr-server-general-messages" variant "server-no-connection"
    And "MonitorInfo" reaches "IVR1" carrying:
      | attribute | value                                             |
      | Server    | { Name: TS1, Status: Unavailable, Switch: SIP_Switch } |

  @phase-port-unavailable @phase-port-ok
  Scenario Outline: Port subtype: a configuration change makes port <port> <how> — Status <status>, never a ReqId
    Given an IVR Server "IVRS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When port "<port>" of IVR "IVR1" becomes unusable on "IVRS1"
    And <then>
    Then the flow follows model "ivr-server-general-messages" variant "<variant>"

    Examples:
      | port | how              | status         | then                                                      | variant                  |
      | 01   | unusable         | Unavailable    | "IVR1" sends a GLI KeepAlive                              | port-unavailable         |
      | 02   | usable again     | Unavailable,OK | port "02" of IVR "IVR1" becomes usable on "IVRS1"         | port-unavailable-then-ok |

  Scenario: KeepAlive Req is answered KeepAlive Ack, below the XML
    Given an IVR Server "IVRS1"
    And an IVR "IVR1" connected to "IVRS1"
    When "IVR1" sends a GLI KeepAlive
    And "IVR1" logs in
    Then the flow follows model "ivr-server-general-messages" variant "login-ok"

  @phase-server-link-disconnected @phase-server-link-connected
  Scenario Outline: Server subtype, seed 003's table: <event> → Status <status>, never a ReqId
    Given a T-Server "TS1"
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When the CTI link of "TS1" goes down
    And "MonitorInfo" reaches "IVR1" carrying:
      | attribute | value                                                   |
      | Server    | { Name: TS1, Status: Unavailable, Switch: SIP_Switch }  |
    And <then>
    Then the flow follows model "ivr-server-general-messages" variant "<variant>"

    Examples:
      | event                 | status      | then                               | variant                                 |
      | EventLinkDisconnected | Unavailable | "IVR1" sends a GLI KeepAlive       | server-link-disconnected                |
      | EventLinkConnected    | OK          | the CTI link of "TS1" comes back   | server-link-disconnected-then-connected |

  @phase-server-socket-closed
  Scenario: Server subtype, seed 003's table: the T-Server socket closed → Unavailable
    Given a T-Server "TS1"
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When "TS1" disconnects
    Then the flow follows model "ivr-server-general-messages" variant "server-socket-closed"

  @phase-server-not-used
  Scenario: Server subtype: a T-Server the IVR does not use is never reported to it
    Given a T-Server "TS1"
    And a T-Server "TS2"
    And an IVR Server "IVRS1" connected to "TS1" and "TS2"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When the CTI link of "TS2" goes down
    Then the flow follows model "ivr-server-general-messages" variant "server-not-used"

  @phase-agent-login-ready @phase-agent-login-not-ready
  Scenario Outline: Agent subtype: EventAgentLogin → LoggedIn with the ReqId, always followed by <state>
    Given a T-Server "TS1"
    And T-Server "TS1" puts agents in "<state>" after login
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When "IVR1" logs agent "1001" in on port "01"
    Then the flow follows model "ivr-server-general-messages" variant "<variant>"
    And "IVR1" takes the agent on port "01" as logged in

    Examples:
      | state    | variant               |
      | Ready    | agent-login-ready     |
      | NotReady | agent-login-not-ready |

  @phase-agent-ready @phase-agent-not-ready @phase-agent-logout
  Scenario Outline: Agent subtype, seed 003's table: <event> → <status>, with the ReqId of the control message
    Given a T-Server "TS1"
    And T-Server "TS1" puts agents in "<after login>" after login
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    And "IVR1" logs agent "1001" in on port "01"
    When "IVR1" <control> the agent on port "01"
    Then the flow follows model "ivr-server-general-messages" variant "<variant>"
    And "IVR1" takes the agent on port "01" as <taken>

    Examples:
      | event              | status    | after login | control      | variant         | taken      |
      | EventAgentReady    | Ready     | NotReady    | sets Ready    | agent-ready     | logged in  |
      | EventAgentNotReady | NotReady  | Ready       | sets NotReady | agent-not-ready | logged in  |
      | EventAgentLogout   | LoggedOut | NotReady    | logs out      | agent-logout    | logged out |

  @phase-agent-query-unknown
  Scenario: Agent subtype: a query the switch answers Unknown is reported Unknown, and taken as LoggedOut
    Given a T-Server "TS1"
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    When "IVR1" queries the agent on port "03"
    Then the flow follows model "ivr-server-general-messages" variant "agent-query-unknown"
    And "IVR1" takes the agent on port "03" as logged out

  @phase-agent-unsolicited-login
  Scenario: Agent subtype: an agent logging in on the port from elsewhere is reported without a ReqId
    Given a T-Server "TS1"
    And an IVR Server "IVRS1" connected to "TS1"
    And an IVR "IVR1" connected to "IVRS1"
    And "IVR1" logs in
    And an agent application "Desk1" connected to "TS1"
    And "Desk1" has registered DN "7001"
    When "Desk1" logs agent "1002" in at DN "7001"
    Then the flow follows model "ivr-server-general-messages" variant "agent-unsolicited-login"
    And "IVR1" takes the agent on port "02" as logged in
