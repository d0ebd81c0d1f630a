@transfer
Feature: Transfer
  Genesys Events and Models Reference, "Transfer":
  an agent who handles an interaction asks Interaction Server to transfer it to another agent.
  Interaction Server invites the other agent, who accepts, rejects, or does not answer in time;
  a transfer to an agent who cannot be invited is refused at once. Each scenario is checked against
  the expected flow in scenarios/transfer.yaml.
  Every scenario starts from an interaction Agent1 handles: URS delivered it and Agent1 accepted
  (GenEM "Deliver Interaction to Agent"). The invitation runs on the delivering timer, which a run
  shortens where flowcert's reference server runs it (README, "Timers").

  Background:
    Given an Interaction Server "IS1"
    And a reporting engine "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"
    And agent "Agent2" at place "Place2" is logged in to "IS1" for "email" through "Agent2's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And agent "Agent1" at place "Place1" handles the interaction through "Agent1's desktop"

  @phase-invitation-issued
  Scenario: Agent1 asks to transfer the interaction to Agent2
    When "Agent1's desktop" transfers the interaction to agent "Agent2"
    Then the flow follows model "transfer" variant "issued"
    And "EventInvite" reaches "Agent2's desktop" carrying:
      | attribute                 | value |
      | TicketId                  | $any  |
      | Interaction.InteractionId | $any  |
    And "EventAgentInvited" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent2 |
      | PlaceId   | Place2 |
    And no "EventAck" reaches "Agent1's desktop" within 100 ms

  @phase-invitation-accepted
  Scenario: Agent2 accepts the transfer
    Given "Agent2's desktop" will accept invitations
    When "Agent1's desktop" transfers the interaction to agent "Agent2"
    Then the flow follows model "transfer" variant "accept"
    And "EventPartyAdded" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent2 |
    And "EventPartyRemoved" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent1 |

  @phase-invitation-rejected
  Scenario: Agent2 rejects the transfer
    Given "Agent2's desktop" will reject invitations with reason "Not my skill"
    When "Agent1's desktop" transfers the interaction to agent "Agent2"
    Then the flow follows model "transfer" variant "reject"
    And "EventRejected" reaches "Stat Server" carrying:
      | attribute                | value        |
      | AgentId                  | Agent2       |
      | Reason.ReasonDescription | Not my skill |

  @phase-invitation-times-out
  Scenario: Agent2 does not answer the transfer in time
    Given "Agent2's desktop" will ignore invitations
    When "Agent1's desktop" transfers the interaction to agent "Agent2"
    Then the flow follows model "transfer" variant "timeout"

  @phase-invitation-is-invalid
  Scenario: Agent1 asks to transfer the interaction to an agent who is not logged in
    When "Agent1's desktop" transfers the interaction to agent "Agent3"
    Then the flow follows model "transfer" variant "invalid"
    And no "EventInvite" reaches "Agent2's desktop" within 200 ms

  # "the interaction" is the last one submitted; here that is "Order", still queued, which Agent1 does
  # not handle: a transfer of it would be refused, so the accepted transfer shows the named one was meant.
  @named-interaction
  Scenario: Agent1 transfers the interaction it names, not the one submitted last
    Given "E-mail Server" submits an "email" interaction to queue "Inbound" as "Complaint"
    And agent "Agent1" at place "Place1" handles interaction "Complaint" through "Agent1's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound" as "Order"
    And "Agent2's desktop" will accept invitations
    When "Agent1's desktop" transfers interaction "Complaint" to agent "Agent2"
    Then the flow follows model "transfer" variant "accept"
