@place-in-queue
Feature: Place Interaction in Queue
  Genesys Events and Models Reference, "Place Interaction in Queue":
  an interaction is placed in a queue by URS, whose RequestRouteCall stands for RequestPlaceInQueue
  and is answered by EventRouteUsed in place of EventAck, or by the agent application handling it,
  whose RequestPlaceInQueue is answered by EventAck. Each scenario is checked against the expected
  flow in scenarios/place-interaction-in-queue.yaml.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  @phase-urs-places-in-queue
  Scenario: URS places the interaction in a queue
    When URS places the interaction in queue "Escalations"
    Then the flow follows model "place-interaction-in-queue" variant "by-urs"
    And "EventPlacedInQueue" reaches "Stat Server" carrying:
      | attribute | value       |
      | Queue     | Escalations |
      | RouterId  | URS         |
    And "EventRouteUsed" reaches "URS" carrying:
      | attribute     | value |
      | InteractionId | $any  |

  @phase-agent-places-in-queue
  Scenario: The agent application places the interaction it handles in a queue
    Given "Agent1's desktop" pulls the interaction
    And the flow follows model "agent-pulls-interaction" variant "from-queue"
    When "Agent1's desktop" places the interaction in queue "Escalations"
    Then the flow follows model "place-interaction-in-queue" variant "by-agent"
    And "EventAck" reaches "Agent1's desktop" carrying:
      | attribute | value |
    And "EventPartyRemoved" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
      | PlaceId   | Place1 |

  Scenario: An agent who does not handle the interaction cannot place it in a queue
    When "Agent1's desktop" places the interaction in queue "Escalations"
    Then these messages are exchanged in order:
      | from             | to               | message             | protocol               | attributes    |
      | Agent1's desktop | IS1              | RequestPlaceInQueue | Interaction Management | Queue: Escalations |
      | IS1              | Agent1's desktop | EventError          | Interaction Management | ErrorCode: 53 |
