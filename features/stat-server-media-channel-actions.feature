@stat-server-media-channel-actions
Feature: Stat Server media-channel actions
  Stat Server User's Guide, "Stat Server Actions for Media-Channels" (seed 001): from the Reporting events
  an Interaction Server sends it, Stat Server derives 38 media-channel actions — durable (started, then
  ended), momentary, and retrospective (recorded once over, with the interval it covers) — each with the
  seed's attributes that apply. The reference Stat Server publishes them on StatActions, flowcert's own
  protocol (not a Genesys one), to the harness's actions observer; each row below is one action: the flow
  that triggers it, the action, its kind, its attributes, and the Reporting events its times are at.
  What triggers each action is in src/servers/stat-server/action-table.ts, each row's source cited or
  marked [INFER]; the record names the actions and gives triggers for Active and Accepted only.
  The delivering timer is 1 s (the option's shortest, IxnLimits), so Revoked does not wait 30 s.
  The Stat Server runs the Genesys default capacity rule ("Default", reference §5.1: one voice interaction only, and
  nothing of any other media), and Routable follows it: an agent logged in for email only is never
  Routable, so the Routable row adds voice.

  Background:
    Given an Interaction Server "IS1" with a delivering timeout of 1 s
    And a reporting engine "Stat Server" connected to "IS1"
    And "Stat Server" publishes its media-channel actions
    And a URS "URS" connected to "IS1"
    And a media server "E-mail Server" connected to "IS1"
    And agent "Agent1" at place "Place1" is logged in to "IS1" for "email" through "Agent1's desktop"

  @flow-agent-state
  Scenario Outline: An agent's media, readiness and do-not-disturb: <action>
    When "Agent1's desktop" adds the "chat" media
    And "Agent1's desktop" removes the "chat" media
    And "Agent1's desktop" adds the "voice" media
    And "Agent1's desktop" becomes not ready for "email"
    And "Agent1's desktop" becomes ready for "email"
    And "Agent1's desktop" turns do-not-disturb on
    And "Agent1's desktop" turns do-not-disturb off
    Then the flow follows model "stat-server-media-channel-actions" variant "agent-media"
    And the Stat Server "Stat Server" runs agent "Agent1" under capacity rule "Default"
    And "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | action       | kind                    | attributes                                  | when                                                                |
      | Active       | durable non-interaction | MediaTypeID chat, PlaceID Place1, TenantID 101 | started at the media added and ended at the media removed        |
      | Available    | durable non-interaction | MediaTypeID email, PlaceID Place1           | started at the login and ended at the not ready                     |
      | Blocked      | durable non-interaction | MediaTypeID email, PlaceID Place1           | started at the not ready and ended at the ready                     |
      | DoNotDisturb | durable interaction     | PlaceID Place1, MediaTypeID absent          | started at the do-not-disturb on and ended at the do-not-disturb off |
      | Routable     | durable interaction     | MediaTypeID voice                           | started at the media added and ended at the do-not-disturb on       |
      | NotRoutable  | durable interaction     | MediaTypeID email                           | started at the login                                                |

  @flow-inbound-delivered-handled-stopped
  Scenario Outline: An inbound interaction delivered, accepted, handled and stopped by the agent: <action>
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will accept invitations
    And URS routes the interaction to agent "Agent1" at place "Place1"
    And "Agent1's desktop" has accepted the interaction
    When "Agent1's desktop" stops processing the interaction
    Then the flow follows model "stat-server-media-channel-actions" variant "inbound-handled"
    And "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | action                 | kind                | attributes                                             | when                                                |
      | Delivering             | durable interaction | MediaTypeID email, InteractionID any, RouterID URS     | started at the invitation and ended at the accept   |
      | DeliveringStarted      | momentary           | MediaTypeID email, InteractionID any, Queue Inbound    | at the invitation                                   |
      | Accepted               | retrospective       | MediaTypeID email, InteractionID any, PlaceID Place1   | started at the invitation and ended at the accept   |
      | Handling               | durable interaction | MediaTypeID email, InteractionID any                   | started at the accept and ended at the stop         |
      | HandlingInbound        | durable interaction | MediaTypeID email, InteractionID any                   | started at the accept and ended at the stop         |
      | HandlingStarted        | momentary           | MediaTypeID email, InteractionID any                   | at the accept                                       |
      | HandlingInboundStarted | momentary           | MediaTypeID email, InteractionID any                   | at the accept                                       |
      | StoppedInbound         | retrospective       | MediaTypeID email, InteractionID any                   | started at the accept and ended at the stop         |

  @flow-delivery-refused
  Scenario Outline: An invitation the agent <answer>s: <action>
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will <answer> invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | answer | action   | kind          | attributes                           | when                                              |
      | reject | Rejected | retrospective | MediaTypeID email, InteractionID any | started at the invitation and ended at the reject |
      | ignore | Revoked  | retrospective | MediaTypeID email, InteractionID any | started at the invitation and ended at the revoke |

  @flow-delivery-refused
  Scenario: The records a rejected invitation yields follow its Reporting events
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will reject invitations
    When URS routes the interaction to agent "Agent1" at place "Place1"
    Then the flow follows model "stat-server-media-channel-actions" variant "invitation-rejected"

  @flow-abandoned-while-offered
  Scenario Outline: The customer abandons the interaction while it is offered to the agent: <action>
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And "Agent1's desktop" will ignore invitations
    And URS routes the interaction to agent "Agent1" at place "Place1"
    And "Agent1's desktop" has been invited to the interaction
    When "E-mail Server" stops processing the interaction
    Then "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | action                             | kind          | attributes                                   | when                                            |
      | InteractionAbandonedDuringOffering | retrospective | MediaTypeID email, InteractionID any         | started at the invitation and ended at the stop |

  @flow-agent-starts-interaction
  Scenario Outline: The agent starts an <type> interaction, handles it and stops it: <action>
    When "Agent1's desktop" starts an <type> "email" interaction
    And "Agent1's desktop" stops processing the interaction
    Then "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | type     | action                  | kind                | attributes                           | when                                             |
      | outbound | StartedOutbound         | momentary           | MediaTypeID email, InteractionID any | at the submit                                    |
      | outbound | HandlingOutbound        | durable interaction | MediaTypeID email, InteractionID any | started at the party added and ended at the stop |
      | outbound | HandlingOutboundStarted | momentary           | MediaTypeID email, InteractionID any | at the party added                               |
      | outbound | StoppedOutbound         | retrospective       | MediaTypeID email, InteractionID any | started at the party added and ended at the stop |
      | internal | StartedInternal         | momentary           | MediaTypeID email, InteractionID any | at the submit                                    |
      | internal | HandlingInternal        | durable interaction | MediaTypeID email, InteractionID any | started at the party added and ended at the stop |
      | internal | HandlingInternalStarted | momentary           | MediaTypeID email, InteractionID any | at the party added                               |
      | internal | StoppedInternal         | retrospective       | MediaTypeID email, InteractionID any | started at the party added and ended at the stop |

  @flow-second-agent
  Scenario Outline: A second agent joins the interaction Agent1 handles (<how>): <action>
    Given agent "Agent2" at place "Place2" is logged in to "IS1" for "email" through "Agent2's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And agent "Agent1" at place "Place1" handles the interaction through "Agent1's desktop"
    And "Agent2's desktop" will accept invitations
    When <how>
    And "Agent2's desktop" has joined the interaction
    Then "Stat Server" records the <kind> action "<action>" for "<agent>" with <attributes>, <when>

    Examples:
      | how                                                                     | action                     | agent  | kind          | attributes                           | when                                            |
      | "Agent1's desktop" transfers the interaction to agent "Agent2"          | TransferMade               | Agent1 | momentary     | MediaTypeID email, InteractionID any | at the join                                     |
      | "Agent1's desktop" transfers the interaction to agent "Agent2"          | TransferTaken              | Agent2 | momentary     | MediaTypeID email, InteractionID any | at the join                                     |
      | "Agent1's desktop" conferences agent "Agent2" into the interaction      | ConferenceMade             | Agent1 | momentary     | MediaTypeID email, InteractionID any | at the join                                     |
      | "Agent1's desktop" conferences agent "Agent2" into the interaction      | ConferenceJoined           | Agent2 | momentary     | MediaTypeID email, InteractionID any | at the join                                     |
      | "Agent1's desktop" asks agent "Agent2" to coach it on the interaction   | CoachingRequested          | Agent1 | momentary     | MediaTypeID email, InteractionID any | at the invitation                               |
      | "Agent1's desktop" asks agent "Agent2" to coach it on the interaction   | CoachingByRequestInitiated | Agent2 | retrospective | MediaTypeID email, InteractionID any | started at the invitation and ended at the join |
      | "Agent1's desktop" asks agent "Agent2" to coach it on the interaction   | BeingCoached               | Agent1 | momentary     | MediaTypeID email, InteractionID any | at the join                                     |

  @flow-intrusion
  Scenario Outline: A supervisor intrudes on the interaction Agent1 handles, as <as>: <action>
    Given agent "Supervisor" at place "Place9" is logged in to "IS1" for "email" through "Supervisor's desktop"
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And agent "Agent1" at place "Place1" handles the interaction through "Agent1's desktop"
    When "Supervisor's desktop" intrudes on the interaction as <as>
    Then "Stat Server" records the <kind> action "<action>" for "<agent>" with <attributes>, <when>

    Examples:
      | as           | action                       | agent      | kind      | attributes                           | when             |
      | a coach      | CoachingByIntrusionInitiated | Supervisor | momentary | MediaTypeID email, InteractionID any | at the intrusion |
      | a monitor    | MonitoringInitiated          | Supervisor | momentary | MediaTypeID email, InteractionID any | at the intrusion |
      | a monitor    | BeingMonitored               | Agent1     | momentary | MediaTypeID email, InteractionID any | at the intrusion |
      | a full party | ConferenceJoinedByIntrusion  | Supervisor | momentary | MediaTypeID email, InteractionID any | at the intrusion |

  @flow-pull
  Scenario Outline: The agent pulls an interaction from its queue: <action>
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    When "Agent1's desktop" pulls the interaction
    Then "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>
    And "Stat Server" records "Pulled" for "Agent1" exactly 1 time

    Examples:
      | action | kind      | attributes                                                              | when        |
      | Pulled | momentary | MediaTypeID email, InteractionID any, Queue Inbound, TargetAgentID Agent1, TargetPlaceID Place1 | at the pull |

  @flow-response
  Scenario Outline: The agent sends a response to the interaction it handles: <action>
    Given "E-mail Server" submits an "email" interaction to queue "Inbound"
    And agent "Agent1" at place "Place1" handles the interaction through "Agent1's desktop"
    When "Agent1's desktop" sends a response to the interaction
    Then "Stat Server" records the <kind> action "<action>" for "Agent1" with <attributes>, <when>

    Examples:
      | action               | kind      | attributes                                                  | when          |
      | InteractionResponded | momentary | MediaTypeID email, InteractionID any, ParentInteractionID any | at the submit |

  # Seed 001: "Stat Server operating in restricted cluster mode does not maintain connection to Interaction
  # Server", so no media-channel action can come from one.
  @restricted-cluster-mode
  Scenario: A Stat Server in restricted cluster mode records no media-channel action
    Given a Stat Server "Clustered Stat Server" in restricted cluster mode
    And "Clustered Stat Server" publishes its media-channel actions
    And "E-mail Server" submits an "email" interaction to queue "Inbound"
    And agent "Agent1" at place "Place1" handles the interaction through "Agent1's desktop"
    When "Agent1's desktop" stops processing the interaction
    Then "Stat Server" records the durable interaction action "Handling" for "Agent1" with MediaTypeID email, started at the accept and ended at the stop
    And "Clustered Stat Server" records no media-channel action within 500 ms
