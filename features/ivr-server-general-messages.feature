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
