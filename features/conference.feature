@conference
Feature: Conference
  Genesys Events and Models Reference, "Conference":
  an agent who handles an interaction asks Interaction Server to bring another agent into it.
  Interaction Server invites the other agent, who accepts — and every party hears that it joined —,
  rejects, or does not answer in time; a conference with an agent who cannot be invited is refused at
  once. An agent then leaves the conference, successfully or not; when the last party leaves, the
  interaction goes back to where it came from. Each scenario is checked against the expected flow in
  scenarios/conference.yaml.
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
  Scenario: Agent1 asks to bring Agent2 into the interaction
    When "Agent1's desktop" conferences agent "Agent2" into the interaction
    Then the flow follows model "conference" variant "issued"
    And "EventAgentInvited" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent2 |
      | PlaceId   | Place2 |
    And no "EventAck" reaches "Agent1's desktop" within 100 ms

  @phase-invitation-accepted
  Scenario: Agent2 accepts, and every party hears that Agent2 joined
    Given "Agent2's desktop" will accept invitations
    When "Agent1's desktop" conferences agent "Agent2" into the interaction
    Then the flow follows model "conference" variant "accept"
    And "EventPartyAdded" reaches "Agent1's desktop" carrying:
      | attribute                 | value  |
      | Interaction.InteractionId | $any   |
      | AgentId                   | Agent2 |
    And "EventPartyAdded" reaches "Stat Server" carrying:
      | attribute | value  |
      | AgentId   | Agent2 |
    And no "EventPartyRemoved" reaches "Stat Server" within 300 ms

  @phase-invitation-rejected
  Scenario: Agent2 rejects the conference
    Given "Agent2's desktop" will reject invitations with reason "On a break"
    When "Agent1's desktop" conferences agent "Agent2" into the interaction
    Then the flow follows model "conference" variant "reject"
    And "EventRejected" reaches "Stat Server" carrying:
      | attribute                | value      |
      | AgentId                  | Agent2     |
      | Reason.ReasonDescription | On a break |

  @phase-invitation-times-out
  Scenario: Agent2 does not answer the conference in time
    Given "Agent2's desktop" will ignore invitations
    When "Agent1's desktop" conferences agent "Agent2" into the interaction
    Then the flow follows model "conference" variant "timeout"

  @phase-invitation-is-invalid
  Scenario: Agent1 asks for a conference with an agent who is not logged in
    When "Agent1's desktop" conferences agent "Agent3" into the interaction
    Then the flow follows model "conference" variant "invalid"

  @phase-agent-leaves-conference
  Scenario: Agent2 leaves the conference, and Agent1 hears it
    Given "Agent2's desktop" will accept invitations
    And "Agent1's desktop" conferences agent "Agent2" into the interaction
    And "Agent2's desktop" has joined the interaction
    When "Agent2's desktop" leaves the interaction
    Then the flow follows model "conference" variant "leave"
    And "EventPartyRemoved" reaches "Agent1's desktop" carrying:
      | attribute | value  |
      | AgentId   | Agent2 |
    And no "EventPlacedInQueue" reaches "Stat Server" within 300 ms

  @phase-last-party-leaves
  Scenario: Agent2 leaves, then Agent1, and the interaction goes back to its queue
    Given "Agent2's desktop" will accept invitations
    And "Agent1's desktop" conferences agent "Agent2" into the interaction
    And "Agent2's desktop" has joined the interaction
    And "Agent2's desktop" leaves the interaction
    And "Agent2's desktop" has left the interaction
    When "Agent1's desktop" leaves the interaction
    Then the flow follows model "conference" variant "last-leaves"
    And "EventPlacedInQueue" reaches "Stat Server" carrying:
      | attribute | value   |
      | Queue     | Inbound |

  @phase-agent-fails-to-leave
  Scenario: Agent2 has left the conference, so its second request to leave is refused
    Given "Agent2's desktop" will accept invitations
    And "Agent1's desktop" conferences agent "Agent2" into the interaction
    And "Agent2's desktop" has joined the interaction
    And "Agent2's desktop" leaves the interaction
    And "Agent2's desktop" has left the interaction
    When "Agent2's desktop" leaves the interaction
    Then the flow follows model "conference" variant "leave-refused"
    And "EventError" reaches "Agent2's desktop" carrying:
      | attribute | value |
      | ErrorCode | $any  |
