@submit
Feature: Agent Submits Interaction
  Genesys Events and Models Reference, "Agent Submits Interaction":
  an agent application submits a new interaction for its agent. Interaction Server
  acknowledges it, tells the reporting engine and adds the agent as a party of the new
  interaction, or refuses it when the agent application is not valid. Each scenario is
  checked against the expected flow in scenarios/agent-submits-interaction.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"

  @phase-successful-submission
  Scenario: The agent submits an interaction
    Given agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    When "Agent1's desktop" submits an "email" interaction as its agent
    Then the flow follows model "agent-submits-interaction" variant "success"
    And "EventPartyAdded" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
      | PlaceId   | Place1 |

  @phase-unsuccessful-submission
  Scenario: An agent application with no agent logged in submits an interaction
    Given an agent application "Agent2's desktop" connected to "IS1"
    When "Agent2's desktop" tries to submit an "email" interaction as its agent
    Then the flow follows model "agent-submits-interaction" variant "failure"
