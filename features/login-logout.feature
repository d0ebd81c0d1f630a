@login-logout
Feature: Login/Logout
  Genesys Events and Models Reference, "Login/Logout": an agent logs in on the primary
  Interaction Server, which tells the reporting engine; the reporting engine's status for the
  agent comes back to the agent. The agent's desktop tells the other (secondary) Interaction
  Server that the agent is available there. Logging out is the reverse. Each scenario is
  checked against scenarios/login-logout.yaml.

  Background:
    Given an Interaction Server "IS1"

  @phase-agent-logs-in
  Scenario: The agent logs in on the primary and is available on the secondary
    Given an Interaction Server "IS2"
    And a reporting engine "Stat Server" connected to "IS1" and "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    When agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    Then the flow follows model "login-logout" variant "login"
    And these messages are exchanged in order:
      | from             | to               | message               | protocol               | attributes      |
      | Agent1's desktop | IS1              | RequestAgentLogin     | Interaction Management | AgentId: Agent1 |
      | IS1              | Agent1's desktop | EventAck              | Interaction Management |                 |
      | Agent1's desktop | IS2              | RequestAgentAvailable | Interaction Management | AgentId: Agent1 |
      | IS2              | Agent1's desktop | EventAck              | Interaction Management |                 |
    And "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute      | value  |
      | AgentId        | Agent1 |
      | MediaStateList | $any   |

  @phase-agent-logs-out
  Scenario: The agent logs out on the primary and is no longer available on the secondary
    Given an Interaction Server "IS2"
    And a reporting engine "Stat Server" connected to "IS1" and "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
    When "Agent1's desktop" logs its agent out
    Then the flow follows model "login-logout" variant "login-logout"
    And "EventAgentLogout" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
      | PlaceId   | Place1 |

  @phase-agent-logs-in-one-server @phase-agent-logs-out-one-server
  Scenario: With one Interaction Server, the agent logs in and out
    Given a reporting engine "Stat Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
    When "Agent1's desktop" logs its agent out
    Then the flow follows model "login-logout" variant "one-server"
