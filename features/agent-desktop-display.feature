@desktop-display
Feature: What the agent's desktop shows
  Genesys Events and Models Reference, "Reporting Engine Connects" and "Login/Logout": the
  reporting engine's status for the agent comes back to the agent, and "Interaction Server passes
  the same event to the agent application, which displays the status information in its UI"
  (seed 000). A web desktop is read on its screen (the browser adapter); a desktop without one
  shows what the latest EventCurrentAgentStatus told it. The status words are Ready (1) and
  NotReady (0), MediaStateList's values in client code.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  Scenario: The desktop shows the status the reporting engine reports at login
    Then "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute      | value  |
      | AgentId        | Agent1 |
    And "Agent1's desktop" shows status "Ready" for "email"

  Scenario: The desktop shows the new status after the agent's status changes
    Given "Agent1's desktop" shows status "Ready" for "email"
    When "Agent1's desktop" makes its agent not ready for "email"
    And a reporting engine "Stat Server 2" connected to "IS1"
    Then "EventCurrentAgentStatus" reaches "Agent1's desktop" carrying:
      | attribute                | value |
      | MediaStateList.email     | 0     |
    And "Agent1's desktop" shows status "NotReady" for "email"
