@reporting-engine-connects
Feature: Reporting Engine Connects
  Genesys Events and Models Reference, "Reporting Engine Connects": the Stat Server connects to each
  Interaction Server in turn and asks for the state of every agent logged in there; each state comes
  back as EventPlaceAgentState, and the Stat Server answers with the agent's status — the output of
  the agent's capacity rule — in EventCurrentAgentStatus, which the Interaction Server passes on to the
  agent's application. Each scenario is checked against scenarios/reporting-engine-connects.yaml.
  Every scenario says which capacity rule its agents run under: under the Genesys default rule (one
  voice interaction only, nothing of any other media) an agent logged in for email only is never
  routable. A status reads "<media> 1" for a media the agent can take one more interaction of, "0"
  otherwise; a capacity vector is [S N1 N2 N3] (reference §5.1).

  @phase-connects
  Scenario: One Interaction Server, agents logged in before the Stat Server connects, the Genesys default rule
    Given an Interaction Server "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "voice" through "Agent1's desktop"
    And agent "Agent2" at place "Place2" is logged in to "IS1" for "email" through "Agent2's desktop"
    When a Stat Server "Stat Server" connected to "IS1"
    Then the flow follows model "reporting-engine-connects" variant "connects"
    And "Agent1's desktop" receives the status "voice 1"
    And "Agent2's desktop" receives the status "email 0"
    And the Stat Server "Stat Server" runs agent "Agent2" under capacity rule "Default"
    And the Stat Server "Stat Server" computes the capacity [R 0 1 1] for agent "Agent1" on "voice"
    And the Stat Server "Stat Server" computes the capacity [R 0 0 0] for agent "Agent2" on "email"

  @phase-connects
  Scenario: Three Interaction Servers in turn, agents with several media, rules from a file
    Given an Interaction Server "IS1"
    And an Interaction Server "IS2"
    And an Interaction Server "IS3"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "voice" through "Agent1's desktop"
    And agent "Agent2" at place "Place2" is logged in to "IS2" for "email, voice" through "Agent2's desktop"
    And agent "Agent3" at place "Place3" is logged in to "IS3" for "chat, email" through "Agent3's desktop"
    And the Stat Server "Stat Server" runs the capacity rules in "features/capacity-rules/chat-up-to-3.yaml"
    When a Stat Server "Stat Server" connected to "IS1", "IS2" and "IS3"
    Then the flow follows model "reporting-engine-connects" variant "connects"
    And "Agent1's desktop" receives the status "voice 1"
    And "Agent2's desktop" receives the status "email 1, voice 1"
    And "Agent3's desktop" receives the status "chat 1, email 1"
    And the Stat Server "Stat Server" runs agent "Agent2" under capacity rule "Default_One_interaction_of_any_type_only"
    And the Stat Server "Stat Server" runs agent "Agent3" under capacity rule "Chat_up_to_3"
    And the Stat Server "Stat Server" computes the capacity [R 0 3 3] for agent "Agent3" on "chat"

  @phase-connects
  Scenario: An agent logged in on IS1 and available on IS2 is in IS1's snapshot only
    Given an Interaction Server "IS1"
    And an Interaction Server "IS2"
    And an agent application "Agent1's desktop" connected to "IS1" and "IS2"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "voice" through "Agent1's desktop"
    When a Stat Server "Stat Server" connected to "IS1" and "IS2"
    Then the flow follows model "reporting-engine-connects" variant "connects"
    And "EventPlaceAgentState" reaches "Stat Server" carrying:
      | attribute      | value          |
      | AgentId        | Agent1         |
      | PlaceId        | Place1         |
      | MediaStateList | { voice: 1 }   |
    And "Agent1's desktop" receives the status "voice 1"
    And the Stat Server "Stat Server" computes the capacity [R 0 1 1] for agent "Agent1" on "voice"

  @phase-connects
  Scenario Outline: The rule assigned to the agent decides its status: <rule>
    Given an Interaction Server "IS1"
    And the Stat Server "Stat Server" runs capacity rule "Default_One_interaction_of_any_type_only" for tenant "101"
    And the Stat Server "Stat Server" runs capacity rule "<rule>" for agent "Agent1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "voice, email, chat" through "Agent1's desktop"
    When a Stat Server "Stat Server" connected to "IS1"
    Then the flow follows model "reporting-engine-connects" variant "connects"
    And "Agent1's desktop" receives the status "<status>"
    And the Stat Server "Stat Server" runs agent "Agent1" under capacity rule "<rule>"
    And the Stat Server "Stat Server" computes the capacity <email> for agent "Agent1" on "email"

    Examples:
      | rule                                     | status                   | email       |
      | Default                                  | voice 1, email 0, chat 0 | [R 0 0 0]   |
      | Default_One_interaction_of_any_type_only | voice 1, email 1, chat 1 | [R 0 1 1]   |

  @phase-connects
  Scenario: An interaction in progress changes the status under the rule: no chat while an email is in progress
    Given an Interaction Server "IS1"
    And the Stat Server "Stat Server" runs the capacity rules in "features/capacity-rules/chat-up-to-3.yaml"
    And a Stat Server "Stat Server" connected to "IS1"
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent3" at place "Place3" is logged in to "IS1" for "chat, email" through "Agent3's desktop"
    And "Agent3's desktop" receives the status "chat 1, email 1"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    When agent "Agent3" at place "Place3" handles the interaction through "Agent3's desktop"
    Then "Agent3's desktop" receives the status "chat 0, email 0"
    And the Stat Server "Stat Server" computes the capacity [R 1 1 0] for agent "Agent3" on "email"
    And the Stat Server "Stat Server" computes the capacity [R 0 0 0] for agent "Agent3" on "chat"
