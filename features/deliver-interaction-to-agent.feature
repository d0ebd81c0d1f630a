@deliver
Feature: Deliver Interaction to Agent
  Genesys Events and Models Reference, "Deliver Interaction to Agent":
  URS asks Interaction Server to attempt to deliver an interaction to an agent.
  Then the agent accepts the interaction, rejects it, or fails to respond in time,
  and Interaction Server revokes it. Each scenario is checked against the expected
  flow in scenarios/deliver-interaction-to-agent.yaml.
  The delivering timer is Interaction Server's delivering-timeout, left at its default
  (30 s, IxnLimits); a run shortens it where flowcert's reference server runs it (README,
  "Timers"), and the trace says so.

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"

  @phase-urs-requests-delivery
  Scenario: URS requests delivery
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then these messages are exchanged in order:
      | from | to               | message           | protocol               | attributes                                     |
      | URS  | IS1              | RequestRouteCall  | T-Library              | AgentId: Agent1, PlaceId: Place1               |
      | IS1  | Agent1's desktop | EventInvite       | Interaction Management | TicketId: $ticket                              |
    And "EventAgentInvited" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
      | PlaceId   | Place1 |
    And "EventInvite" carries:
      | attribute                 | value   |
      | TicketId                  | $any    |
      | Interaction.InteractionId | $any    |
    And under profile "genem-prose" of model "deliver-interaction-to-agent", no "EventRouteUsed" reaches "URS" within 100 ms

  @phase-agent-accepts-delivery
  Scenario: Agent accepts delivery
    Given "Agent1's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"
    And "EventPartyAdded" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |
    And no "EventRevoked" reaches "Agent1's desktop" within 400 ms

  @phase-agent-rejects-delivery
  Scenario: Agent rejects delivery
    Given "Agent1's desktop" will reject invitations with reason "Busy with another customer"
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "reject"
    And "EventAck" reaches "Agent1's desktop" carrying:
      | attribute | value |
    And "EventRouteUsed" reaches "URS" carrying:
      | attribute     | value |
      | InteractionId | $any  |
    And these messages are exchanged in order:
      | from             | to               | message       | protocol               | attributes                                           | referenceId |
      | Agent1's desktop | IS1              | RequestReject | Interaction Management | Reason.ReasonDescription: Busy with another customer | $reject     |
      | IS1              | Agent1's desktop | EventAck      | Interaction Management |                                                      | $reject     |
      | IS1              | Stat Server      | EventRejected | Reporting              | Reason.ReasonDescription: Busy with another customer | $absent     |

  @phase-agent-fails-to-respond
  Scenario: Agent fails to respond in time
    Given "Agent1's desktop" will ignore invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "timeout"
    And "EventPlacedInQueue" reaches "Stat Server" carrying:
      | attribute | value   |
      | Queue     | Inbound |

  Scenario Outline: The agent <answers> after <delay>
    Given "Agent1's desktop" will <action> invitations after <delay>
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "<variant>"

    Examples:
      | answers              | action | delay  | variant |
      | accepts the invite   | accept | 50 ms  | accept  |
      | rejects the invite   | reject | 100 ms | reject  |

  @late-answer
  Scenario: The agent's accept comes after the delivering timer has revoked the invitation
    Given "Agent1's desktop" will accept invitations 400 ms after the delivering timer expires
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "timeout"
    And a late answer from "Agent1's desktop" gets "EventError" carrying:
      | attribute | value |
      | ErrorCode | 53    |

  @redelivery
  Scenario: Agent1 rejects, and URS routes the interaction to Agent2, who accepts
    Given agent "Agent2" at place "Place2" is logged in to "IS1" for "email" through "Agent2's desktop"
    And "Agent1's desktop" will reject invitations
    And "Agent2's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "reject"
    When URS routes the interaction to agent "Agent2" at place "Place2"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"

  @redelivery
  Scenario: Agent1 does not answer in time, and URS routes the interaction again, to Agent2
    Given agent "Agent2" at place "Place2" is logged in to "IS1" for "email" through "Agent2's desktop"
    And "Agent1's desktop" will ignore invitations
    And "Agent2's desktop" will accept invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "deliver-interaction-to-agent" variant "timeout"
    When URS routes the interaction to agent "Agent2" at place "Place2"
    Then the flow follows model "deliver-interaction-to-agent" variant "accept"
