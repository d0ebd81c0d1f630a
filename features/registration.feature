@registration
Feature: Registration
  Genesys Events and Models Reference, "Registration": every client of Interaction Server
  registers first. A valid client gets EventAck. An invalid client, or any other request
  from a client that has not registered, gets EventError; and a client that has not
  registered when the registration timer expires is disconnected. Each scenario is checked
  against scenarios/registration.yaml.

  Background:
    Given the "registration" timer is 600 ms
    And an Interaction Server "IS1"

  @phase-successful-registration
  Scenario: A client registers
    Given an agent application "Agent1's desktop" connected to "IS1" that does not register
    When "Agent1's desktop" registers
    Then the flow follows model "registration" variant "success"

  @phase-successful-registration
  Scenario: An agent application registers as it starts
    Given an agent application "Agent1's desktop" connected to "IS1"
    Then the flow follows model "registration" variant "success"
    And "EventAck" reaches "Agent1's desktop" carrying:
      | attribute | value |

  @phase-invalid-client
  Scenario Outline: (a) A client registers with <invalid>
    Given an agent application "Agent1's desktop" connected to "IS1" that does not register
    When "Agent1's desktop" registers as client type "<type>" with client name "<name>"
    Then the flow follows model "registration" variant "invalid-client"

    Examples:
      | invalid                 | type             | name             |
      | an unknown client type  | Robot            | Agent1's desktop |
      | a blank client name     | AgentApplication |                  |

  @phase-request-before-registering
  Scenario: (b) A client sends a request before registering
    Given an agent application "Agent1's desktop" connected to "IS1" that does not register
    When "Agent1's desktop" sends "RequestAgentLogin" with:
      | attribute | value  |
      | TenantId  | 101    |
      | PlaceId   | Place1 |
      | AgentId   | Agent1 |
    Then the flow follows model "registration" variant "unregistered-request"
    And these messages are exchanged in order:
      | from             | to               | message           | protocol               | attributes                   |
      | Agent1's desktop | IS1              | RequestAgentLogin | Interaction Management | AgentId: Agent1              |
      | IS1              | Agent1's desktop | EventError        | Interaction Management | ErrorCode: 41                |

  @phase-invalid-client @phase-request-before-registering
  Scenario: (c) An invalid client, then a request; the registration timer disconnects it
    Given an agent application "Agent1's desktop" connected to "IS1" that does not register
    When "Agent1's desktop" registers as client type "Robot"
    And "Agent1's desktop" sends "RequestAgentLogin" with:
      | attribute | value  |
      | TenantId  | 101    |
      | PlaceId   | Place1 |
    Then the flow follows model "registration" variant "invalid-then-request"
    And "IS1" disconnects "Agent1's desktop" when the registration timer expires

  @registration-timeout
  Scenario: A client that never registers is disconnected when the registration timer expires
    Given an agent application "Agent1's desktop" connected to "IS1" that does not register
    Then "IS1" disconnects "Agent1's desktop" when the registration timer expires
