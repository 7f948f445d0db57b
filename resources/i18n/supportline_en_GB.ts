<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="en_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About SupportLine</source>
        <translation>About SupportLine</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SupportLine {version}&lt;/h3&gt;&lt;p&gt;Confidential case management for the Support Line counselling service.&lt;/p&gt;&lt;p&gt;Data directory:&lt;br&gt;&lt;code&gt;{path}&lt;/code&gt;&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SupportLine {version}&lt;/h3&gt;&lt;p&gt;Confidential case management for the Support Line counselling service.&lt;/p&gt;&lt;p&gt;Data directory:&lt;br&gt;&lt;code&gt;{path}&lt;/code&gt;&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>AddAgreementDialog</name>
    <message>
        <source>Add agreement</source>
        <translation>Add agreement</translation>
    </message>
    <message>
        <source>A service agreement for {name}.</source>
        <translation>A service agreement for {name}.</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Agreement starts on</source>
        <translation>Agreement starts on</translation>
    </message>
    <message>
        <source>&amp;Open-ended (no end date)</source>
        <translation>&amp;Open-ended (no end date)</translation>
    </message>
    <message>
        <source>Open-ended</source>
        <translation>Open-ended</translation>
    </message>
    <message>
        <source>Agreement ends on</source>
        <translation>Agreement ends on</translation>
    </message>
    <message>
        <source>Purchased sessions</source>
        <translation>Purchased sessions</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>&amp;Purchased sessions:</source>
        <translation>&amp;Purchased sessions:</translation>
    </message>
    <message>
        <source>&amp;Add agreement</source>
        <translation>&amp;Add agreement</translation>
    </message>
</context>
<context>
    <name>AddPartyDialog</name>
    <message>
        <source>Add a party</source>
        <translation>Add a party</translation>
    </message>
    <message>
        <source>Each party is a client with their own record, contact details and safe-contact preferences. Find the client, then give the party a label.</source>
        <translation>Each party is a client with their own record, contact details and safe-contact preferences. Find the client, then give the party a label.</translation>
    </message>
    <message>
        <source>Chosen client</source>
        <translation>Chosen client</translation>
    </message>
    <message>
        <source>Party label</source>
        <translation>Party label</translation>
    </message>
    <message>
        <source>&amp;Add party</source>
        <translation>&amp;Add party</translation>
    </message>
    <message>
        <source>Add party</source>
        <translation>Add party</translation>
    </message>
    <message>
        <source>&amp;Find client</source>
        <translation>&amp;Find client</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>&amp;Label</source>
        <translation>&amp;Label</translation>
    </message>
    <message>
        <source>{reference} {name}</source>
        <translation>{reference} {name}</translation>
    </message>
    <message>
        <source>None chosen yet: find the client above.</source>
        <translation>None chosen yet: find the client above.</translation>
    </message>
    <message>
        <source>{name} is already a party to this case.</source>
        <translation>{name} is already a party to this case.</translation>
    </message>
    <message>
        <source>Choose the client first: type in the search box, press Down, then Enter.</source>
        <translation>Choose the client first: type in the search box, press Down, then Enter.</translation>
    </message>
    <message>
        <source>Give the party a label, such as "Party A".</source>
        <translation>Give the party a label, such as "Party A".</translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add user</source>
        <translation>Add user</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>e.g. jsmith</source>
        <translation>e.g. jsmith</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>First password</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Repeat the password</translation>
    </message>
    <message>
        <source>Must choose a new password at first sign-in</source>
        <translation>Must choose a new password at first sign-in</translation>
    </message>
    <message>
        <source>Must change password</source>
        <translation>Must change password</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Username:</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>&amp;Full name:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repeat password:</translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation>&amp;Add user</translation>
    </message>
    <message>
        <source>Enter a username.</source>
        <translation>Enter a username.</translation>
    </message>
    <message>
        <source>Choose at least one role.</source>
        <translation>Choose at least one role.</translation>
    </message>
    <message>
        <source>Enter a first password (at least 10 characters).</source>
        <translation>Enter a first password (at least 10 characters).</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>The two passwords are not the same.</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
</context>
<context>
    <name>AdministrationView</name>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>&amp;Users</source>
        <translation>&amp;Users</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Organisations</source>
        <translation>&amp;Organisations</translation>
    </message>
    <message>
        <source>&amp;Venues</source>
        <translation>&amp;Venues</translation>
    </message>
    <message>
        <source>&amp;Counsellors</source>
        <translation>&amp;Counsellors</translation>
    </message>
</context>
<context>
    <name>AgreementTableModel</name>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Purchased sessions</source>
        <translation>Purchased sessions</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Used</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>Open-ended</source>
        <translation>Open-ended</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>{purchased} + {extra} authorised</source>
        <translation>{purchased} + {extra} authorised</translation>
    </message>
    <message>
        <source>0 ({over} over)</source>
        <translation>0 ({over} over)</translation>
    </message>
</context>
<context>
    <name>AmendmentDialog</name>
    <message>
        <source>Add an amendment</source>
        <translation>Add an amendment</translation>
    </message>
    <message>
        <source>The note locked 24 hours after the session. An amendment is added below it with today's date and your name; the note stays as it was written.</source>
        <translation>The note locked 24 hours after the session. An amendment is added below it with today's date and your name; the note stays as it was written.</translation>
    </message>
    <message>
        <source>The locked note</source>
        <translation>The locked note</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>Amendment</translation>
    </message>
    <message>
        <source>&amp;Add amendment</source>
        <translation>&amp;Add amendment</translation>
    </message>
    <message>
        <source>&amp;Amendment</source>
        <translation>&amp;Amendment</translation>
    </message>
    <message>
        <source>Write the amendment first.</source>
        <translation>Write the amendment first.</translation>
    </message>
</context>
<context>
    <name>AssessmentFormWidget</name>
    <message>
        <source>Assessment message</source>
        <translation>Assessment message</translation>
    </message>
    <message>
        <source>Presenting issues</source>
        <translation>Presenting issues</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>Narrative</translation>
    </message>
    <message>
        <source>Coded &amp;issues</source>
        <translation>Coded &amp;issues</translation>
    </message>
    <message>
        <source>&amp;Narrative</source>
        <translation>&amp;Narrative</translation>
    </message>
    <message>
        <source>Risk (tick each that applies)</source>
        <translation>Risk (tick each that applies)</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>Action taken</source>
        <translation>Action taken</translation>
    </message>
    <message>
        <source>&amp;Action taken</source>
        <translation>&amp;Action taken</translation>
    </message>
    <message>
        <source>Risk &amp;level</source>
        <translation>Risk &amp;level</translation>
    </message>
    <message>
        <source>Baseline measures</source>
        <translation>Baseline measures</translation>
    </message>
    <message>
        <source>&amp;Consent to counselling recorded</source>
        <translation>&amp;Consent to counselling recorded</translation>
    </message>
    <message>
        <source>Consent recorded</source>
        <translation>Consent recorded</translation>
    </message>
    <message>
        <source>Con&amp;fidentiality and its limits explained and agreed</source>
        <translation>Con&amp;fidentiality and its limits explained and agreed</translation>
    </message>
    <message>
        <source>Confidentiality agreed</source>
        <translation>Confidentiality agreed</translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Planned sessions</source>
        <translation>Planned sessions</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>Referral to</source>
        <translation>Referral to</translation>
    </message>
    <message>
        <source>Goals and plan</source>
        <translation>Goals and plan</translation>
    </message>
    <message>
        <source>&amp;Goals</source>
        <translation>&amp;Goals</translation>
    </message>
    <message>
        <source>&amp;Plan</source>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <source>Planned &amp;sessions</source>
        <translation>Planned &amp;sessions</translation>
    </message>
    <message>
        <source>&amp;Referral to</source>
        <translation>&amp;Referral to</translation>
    </message>
    <message>
        <source>&amp;Save assessment</source>
        <translation>&amp;Save assessment</translation>
    </message>
    <message>
        <source>Save assessment</source>
        <translation>Save assessment</translation>
    </message>
    <message>
        <source>Save the assessment (Ctrl+S)</source>
        <translation>Save the assessment (Ctrl+S)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the assessment</source>
        <translation>Save the assessment</translation>
    </message>
    <message>
        <source>Enter {measure}…</source>
        <translation>Enter {measure}…</translation>
    </message>
    <message>
        <source>Enter baseline {measure}</source>
        <translation>Enter baseline {measure}</translation>
    </message>
    <message>
        <source>The assessment on record (the case is closed: read-only).</source>
        <translation>The assessment on record (the case is closed: read-only).</translation>
    </message>
    <message>
        <source>The assessment on record: change it and save again if needed.</source>
        <translation>The assessment on record: change it and save again if needed.</translation>
    </message>
    <message>
        <source>No assessment was recorded for this case.</source>
        <translation>No assessment was recorded for this case.</translation>
    </message>
    <message>
        <source>&amp;Action taken (required)</source>
        <translation>&amp;Action taken (required)</translation>
    </message>
    <message>
        <source>Required for high or immediate risk: what was done, and who was told.</source>
        <translation>Required for high or immediate risk: what was done, and who was told.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Assessment saved.</source>
        <translation>Assessment saved.</translation>
    </message>
    <message>
        <source>The assessment has not been saved yet: please correct the marked fields.</source>
        <translation>The assessment has not been saved yet: please correct the marked fields.</translation>
    </message>
</context>
<context>
    <name>AuthoriseAllowanceDialog</name>
    <message>
        <source>Authorise extra sessions</source>
        <translation>Authorise extra sessions</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Extra sessions</source>
        <translation>Extra sessions</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>Why this client needs more sessions this year</source>
        <translation>Why this client needs more sessions this year</translation>
    </message>
    <message>
        <source>&amp;Service:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <source>&amp;Extra sessions:</source>
        <translation>&amp;Extra sessions:</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Reason (required):</translation>
    </message>
    <message>
        <source>&amp;Authorise</source>
        <translation>&amp;Authorise</translation>
    </message>
    <message>
        <source>{used} used, {booked} booked, {left} left of {allowed} in the year {start} to {end}.</source>
        <translation>{used} used, {booked} booked, {left} left of {allowed} in the year {start} to {end}.</translation>
    </message>
</context>
<context>
    <name>AuthorisePackageDialog</name>
    <message>
        <source>Authorise more purchased sessions</source>
        <translation>Authorise more purchased sessions</translation>
    </message>
    <message>
        <source>{service} agreement from {start} to {end}</source>
        <translation>{service} agreement from {start} to {end}</translation>
    </message>
    <message>
        <source>{service} agreement from {start}, open-ended</source>
        <translation>{service} agreement from {start}, open-ended</translation>
    </message>
    <message>
        <source>{period}: {used} used of {allowed} ({purchased} purchased, {extra} authorised before), {left} left.</source>
        <translation>{period}: {used} used of {allowed} ({purchased} purchased, {extra} authorised before), {left} left.</translation>
    </message>
    <message>
        <source>Extra sessions</source>
        <translation>Extra sessions</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>Who agreed the extra sessions, and why</source>
        <translation>Who agreed the extra sessions, and why</translation>
    </message>
    <message>
        <source>&amp;Extra sessions:</source>
        <translation>&amp;Extra sessions:</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Reason (required):</translation>
    </message>
    <message>
        <source>&amp;Authorise</source>
        <translation>&amp;Authorise</translation>
    </message>
</context>
<context>
    <name>AvailabilityTableModel</name>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Venue {id}</source>
        <translation>Venue {id}</translation>
    </message>
</context>
<context>
    <name>BannerWidget</name>
    <message>
        <source>Dismiss this message</source>
        <translation>Dismiss this message</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Dismiss message</translation>
    </message>
</context>
<context>
    <name>BookingDialog</name>
    <message>
        <source>Book appointments</source>
        <translation>Book appointments</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Booking message</source>
        <translation>Booking message</translation>
    </message>
    <message>
        <source>Booking steps</source>
        <translation>Booking steps</translation>
    </message>
    <message>
        <source>A&amp;uthorise more purchased sessions…</source>
        <translation>A&amp;uthorise more purchased sessions…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Earliest date</source>
        <translation>Earliest date</translation>
    </message>
    <message>
        <source>Weeks to search</source>
        <translation>Weeks to search</translation>
    </message>
    <message>
        <source> weeks</source>
        <translation> weeks</translation>
    </message>
    <message>
        <source>Maximum distance</source>
        <translation>Maximum distance</translation>
    </message>
    <message>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <source>Any distance</source>
        <translation>Any distance</translation>
    </message>
    <message>
        <source>Measured from</source>
        <translation>Measured from</translation>
    </message>
    <message>
        <source>Client's preference</source>
        <translation>Client's preference</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>Counsellor gender</source>
        <translation>Counsellor gender</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Named counsellor</source>
        <translation>Named counsellor</translation>
    </message>
    <message>
        <source>Any counsellor</source>
        <translation>Any counsellor</translation>
    </message>
    <message>
        <source>Client can come on {day}</source>
        <translation>Client can come on {day}</translation>
    </message>
    <message>
        <source>Client available from</source>
        <translation>Client available from</translation>
    </message>
    <message>
        <source>Client available until</source>
        <translation>Client available until</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>&amp;to</translation>
    </message>
    <message>
        <source>What the client needs</source>
        <translation>What the client needs</translation>
    </message>
    <message>
        <source>&amp;Earliest date</source>
        <translation>&amp;Earliest date</translation>
    </message>
    <message>
        <source>Search &amp;ahead</source>
        <translation>Search &amp;ahead</translation>
    </message>
    <message>
        <source>&amp;Within</source>
        <translation>&amp;Within</translation>
    </message>
    <message>
        <source>&amp;Measured from</source>
        <translation>&amp;Measured from</translation>
    </message>
    <message>
        <source>Counsellor &amp;gender</source>
        <translation>Counsellor &amp;gender</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Named c&amp;ounsellor</source>
        <translation>Named c&amp;ounsellor</translation>
    </message>
    <message>
        <source>Available &amp;from</source>
        <translation>Available &amp;from</translation>
    </message>
    <message>
        <source>Days the client can come</source>
        <translation>Days the client can come</translation>
    </message>
    <message>
        <source>&amp;Find times</source>
        <translation>&amp;Find times</translation>
    </message>
    <message>
        <source>Find free times (Enter)</source>
        <translation>Find free times (Enter)</translation>
    </message>
    <message>
        <source>Why nothing fits</source>
        <translation>Why nothing fits</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>Free times</source>
        <translation>Free times</translation>
    </message>
    <message>
        <source>&amp;Book assessment</source>
        <translation>&amp;Book assessment</translation>
    </message>
    <message>
        <source>Book the chosen time (Enter in the list)</source>
        <translation>Book the chosen time (Enter in the list)</translation>
    </message>
    <message>
        <source>Assessment booked</source>
        <translation>Assessment booked</translation>
    </message>
    <message>
        <source>First weekly session</source>
        <translation>First weekly session</translation>
    </message>
    <message>
        <source>Number of sessions</source>
        <translation>Number of sessions</translation>
    </message>
    <message>
        <source>Rest of the allowance</source>
        <translation>Rest of the allowance</translation>
    </message>
    <message>
        <source>&amp;Plan series</source>
        <translation>&amp;Plan series</translation>
    </message>
    <message>
        <source>First &amp;session</source>
        <translation>First &amp;session</translation>
    </message>
    <message>
        <source>&amp;Number of sessions</source>
        <translation>&amp;Number of sessions</translation>
    </message>
    <message>
        <source>Planned sessions</source>
        <translation>Planned sessions</translation>
    </message>
    <message>
        <source>Series summary</source>
        <translation>Series summary</translation>
    </message>
    <message>
        <source>&amp;Confirm series</source>
        <translation>&amp;Confirm series</translation>
    </message>
    <message>
        <source>Book the series (Enter in the list)</source>
        <translation>Book the series (Enter in the list)</translation>
    </message>
    <message>
        <source>&amp;Not now</source>
        <translation>&amp;Not now</translation>
    </message>
    <message>
        <source>{reference} ({initials})</source>
        <translation>{reference} ({initials})</translation>
    </message>
    <message>
        <source>Case {number}</source>
        <translation>Case {number}</translation>
    </message>
    <message>
        <source>Client's preference ({choice})</source>
        <translation>Client's preference ({choice})</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Any language</translation>
    </message>
    <message>
        <source>&amp;Plan weekly series…</source>
        <translation>&amp;Plan weekly series…</translation>
    </message>
    <message>
        <source>Plan weekly series</source>
        <translation>Plan weekly series</translation>
    </message>
    <message>
        <source>More purchased sessions authorised: {count}. The plan is checked again.</source>
        <translation>More purchased sessions authorised: {count}. The plan is checked again.</translation>
    </message>
    <message>
        <source>More purchased sessions authorised: {count}. Book again.</source>
        <translation>More purchased sessions authorised: {count}. Book again.</translation>
    </message>
    <message>
        <source>Tick at least one day, and make the 'from' time earlier than the 'to' time.</source>
        <translation>Tick at least one day, and make the 'from' time earlier than the 'to' time.</translation>
    </message>
    <message numerus="yes">
        <source>%n free time(s), earliest first</source>
        <translation><numerusform>%n free time, earliest first</numerusform><numerusform>%n free times, earliest first</numerusform></translation>
    </message>
    <message>
        <source>No free times</source>
        <translation>No free times</translation>
    </message>
    <message>
        <source>Weekly sessions with {counsellor} at {venue}, {room}, from {day} at {time}.</source>
        <translation>Weekly sessions with {counsellor} at {venue}, {room}, from {day} at {time}.</translation>
    </message>
    <message>
        <source>Assessment booked.</source>
        <translation>Assessment booked.</translation>
    </message>
    <message>
        <source>Assessment booked for {day} at {time} with {counsellor} at {venue}, {room}. Now book the weekly sessions that follow, or choose Not now.</source>
        <translation>Assessment booked for {day} at {time} with {counsellor} at {venue}, {room}. Now book the weekly sessions that follow, or choose Not now.</translation>
    </message>
    <message>
        <source>No sessions are left in this year's allowance: a clinical lead must authorise more.</source>
        <translation>No sessions are left in this year's allowance: a clinical lead must authorise more.</translation>
    </message>
    <message>
        <source>{booked} of {total} weekly sessions will be booked.</source>
        <translation>{booked} of {total} weekly sessions will be booked.</translation>
    </message>
    <message>
        <source>Weeks past the client's allowance for their year: {count} (a clinical lead must authorise more).</source>
        <translation>Weeks past the client's allowance for their year: {count} (a clinical lead must authorise more).</translation>
    </message>
    <message>
        <source>Weeks past the sessions the organisation purchased: {count} (an administrator must authorise more).</source>
        <translation>Weeks past the sessions the organisation purchased: {count} (an administrator must authorise more).</translation>
    </message>
    <message>
        <source>Weeks the organisation's agreement does not cover: {count}.</source>
        <translation>Weeks the organisation's agreement does not cover: {count}.</translation>
    </message>
    <message numerus="yes">
        <source>Booked: %n weekly session(s) with {counsellor} at {venue}.</source>
        <translation><numerusform>Booked: %n weekly session with {counsellor} at {venue}.</numerusform><numerusform>Booked: %n weekly sessions with {counsellor} at {venue}.</numerusform></translation>
    </message>
    <message>
        <source>Assessment booked for {day} at {time} with {counsellor}.</source>
        <translation>Assessment booked for {day} at {time} with {counsellor}.</translation>
    </message>
</context>
<context>
    <name>CallbackTableModel</name>
    <message>
        <source>Received</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Number to call</translation>
    </message>
    <message>
        <source>Existing client</source>
        <translation>Existing client</translation>
    </message>
</context>
<context>
    <name>CallsView</name>
    <message>
        <source>Calls message</source>
        <translation>Calls message</translation>
    </message>
    <message>
        <source>&amp;New call…</source>
        <translation>&amp;New call…</translation>
    </message>
    <message>
        <source>Take a new call (Ctrl+N)</source>
        <translation>Take a new call (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Record voicemail / e-mail…</source>
        <translation>&amp;Record voicemail / e-mail…</translation>
    </message>
    <message>
        <source>Save &amp;blank information sheet…</source>
        <translation>Save &amp;blank information sheet…</translation>
    </message>
    <message>
        <source>Call-back queue (oldest first)</source>
        <translation>Call-back queue (oldest first)</translation>
    </message>
    <message>
        <source>Call-back queue</source>
        <translation>Call-back queue</translation>
    </message>
    <message>
        <source>&amp;Log call-back…</source>
        <translation>&amp;Log call-back…</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>Take a new call</source>
        <translation>Take a new call</translation>
    </message>
    <message>
        <source>Call saved; the client is on the waiting list.</source>
        <translation>Call saved; the client is on the waiting list.</translation>
    </message>
    <message>
        <source>Call saved.</source>
        <translation>Call saved.</translation>
    </message>
    <message>
        <source>Risk level recorded: {level}.</source>
        <translation>Risk level recorded: {level}.</translation>
    </message>
    <message>
        <source>Call discarded; nothing was logged.</source>
        <translation>Call discarded; nothing was logged.</translation>
    </message>
    <message>
        <source>Added to the call-back queue.</source>
        <translation>Added to the call-back queue.</translation>
    </message>
    <message>
        <source>Blank information sheet saved to {path}.</source>
        <translation>Blank information sheet saved to {path}.</translation>
    </message>
    <message>
        <source>The sheet could not be saved there: choose another folder.</source>
        <translation>The sheet could not be saved there: choose another folder.</translation>
    </message>
</context>
<context>
    <name>CancelAppointmentDialog</name>
    <message>
        <source>Cancel appointment</source>
        <translation>Cancel appointment</translation>
    </message>
    <message>
        <source>Cancelled by the &amp;client</source>
        <translation>Cancelled by the &amp;client</translation>
    </message>
    <message>
        <source>Cancelled by the client</source>
        <translation>Cancelled by the client</translation>
    </message>
    <message>
        <source>Cancelled by the &amp;service</source>
        <translation>Cancelled by the &amp;service</translation>
    </message>
    <message>
        <source>Cancelled by the service</source>
        <translation>Cancelled by the service</translation>
    </message>
    <message>
        <source>Cancel the &amp;later sessions in the series too</source>
        <translation>Cancel the &amp;later sessions in the series too</translation>
    </message>
    <message>
        <source>Cancel the later sessions too</source>
        <translation>Cancel the later sessions too</translation>
    </message>
    <message>
        <source>Cancel &amp;appointment</source>
        <translation>Cancel &amp;appointment</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>&amp;Keep it</translation>
    </message>
</context>
<context>
    <name>CaseAppointmentTableModel</name>
    <message>
        <source>Date and time</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Session {n}</source>
        <translation>Session {n}</translation>
    </message>
</context>
<context>
    <name>CaseWorkspaceView</name>
    <message>
        <source>Case {reference}</source>
        <translation>Case {reference}</translation>
    </message>
    <message>
        <source>← &amp;Caseload</source>
        <translation>← &amp;Caseload</translation>
    </message>
    <message>
        <source>Back to the caseload (Esc)</source>
        <translation>Back to the caseload (Esc)</translation>
    </message>
    <message>
        <source>Case summary</source>
        <translation>Case summary</translation>
    </message>
    <message>
        <source>Review &amp;risk…</source>
        <translation>Review &amp;risk…</translation>
    </message>
    <message>
        <source>See the client's risk alerts and lower the level, giving your reason</source>
        <translation>See the client's risk alerts and lower the level, giving your reason</translation>
    </message>
    <message>
        <source>Close case…</source>
        <translation>Close case…</translation>
    </message>
    <message>
        <source>Subject &amp;access printout…</source>
        <translation>Subject &amp;access printout…</translation>
    </message>
    <message>
        <source>Everything the service holds about this client, as a PDF to check and send (clinical leads and administrators; recorded in the audit log)</source>
        <translation>Everything the service holds about this client, as a PDF to check and send (clinical leads and administrators; recorded in the audit log)</translation>
    </message>
    <message>
        <source>Case message</source>
        <translation>Case message</translation>
    </message>
    <message>
        <source>Sessions of this case</source>
        <translation>Sessions of this case</translation>
    </message>
    <message>
        <source>&amp;Record measures</source>
        <translation>&amp;Record measures</translation>
    </message>
    <message>
        <source>Record the measures filled in, not linked to a session (Ctrl+S)</source>
        <translation>Record the measures filled in, not linked to a session (Ctrl+S)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Record the measures</source>
        <translation>Record the measures</translation>
    </message>
    <message>
        <source>Case record</source>
        <translation>Case record</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>Measures</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Chart</translation>
    </message>
    <message>
        <source>Evaluation forms</source>
        <translation>Evaluation forms</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>{tab} (Alt+{n})</source>
        <translation>{tab} (Alt+{n})</translation>
    </message>
    <message>
        <source>Show the case's {tab} tab</source>
        <translation>Show the case's {tab} tab</translation>
    </message>
    <message>
        <source>Back to the caseload</source>
        <translation>Back to the caseload</translation>
    </message>
    <message>
        <source>{service}, {stage}; risk: {risk}</source>
        <translation>{service}, {stage}; risk: {risk}</translation>
    </message>
    <message>
        <source>The case is closed: no more measures can be recorded.</source>
        <translation>The case is closed: no more measures can be recorded.</translation>
    </message>
    <message>
        <source>This case was closed on {date}. Its record is read-only; a session's note can still be finished within 24 hours of the session, and amended after.</source>
        <translation>This case was closed on {date}. Its record is read-only; a session's note can still be finished within 24 hours of the session, and amended after.</translation>
    </message>
    <message>
        <source>Answer at least one item first.</source>
        <translation>Answer at least one item first.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>{measure} {total} ({band})</source>
        <translation>{measure} {total} ({band})</translation>
    </message>
    <message>
        <source>{measure} (too many items missing to score)</source>
        <translation>{measure} (too many items missing to score)</translation>
    </message>
    <message>
        <source>Recorded, taken on {date}: {measures}.</source>
        <translation>Recorded, taken on {date}: {measures}.</translation>
    </message>
    <message>
        <source>Recorded: {measures}.</source>
        <translation>Recorded: {measures}.</translation>
    </message>
    <message>
        <source>The case is closed; it has left your active caseload (Show closed cases lists it, read-only).</source>
        <translation>The case is closed; it has left your active caseload (Show closed cases lists it, read-only).</translation>
    </message>
    <message>
        <source>Preparing the subject access printout…</source>
        <translation>Preparing the subject access printout…</translation>
    </message>
    <message>
        <source>Subject access printout</source>
        <translation>Subject access printout</translation>
    </message>
</context>
<context>
    <name>CaseloadTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Next session</source>
        <translation>Next session</translation>
    </message>
    <message>
        <source>Sessions used / left</source>
        <translation>Sessions used / left</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>{used} attended, {booked} booked</source>
        <translation>{used} attended, {booked} booked</translation>
    </message>
    <message>
        <source>{used} used / {left} left of {allowed}</source>
        <translation>{used} used / {left} left of {allowed}</translation>
    </message>
    <message>
        <source>{stage} (notes not yet handed over)</source>
        <translation>{stage} (notes not yet handed over)</translation>
    </message>
    <message>
        <source>Closed {date}</source>
        <translation>Closed {date}</translation>
    </message>
    <message>
        <source>None booked</source>
        <translation>None booked</translation>
    </message>
</context>
<context>
    <name>CaseloadView</name>
    <message>
        <source>Caseload</source>
        <translation>Caseload</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Show c&amp;losed cases</source>
        <translation>Show c&amp;losed cases</translation>
    </message>
    <message>
        <source>Show closed cases</source>
        <translation>Show closed cases</translation>
    </message>
    <message>
        <source>List your closed cases too, most recently closed first; they open read-only</source>
        <translation>List your closed cases too, most recently closed first; they open read-only</translation>
    </message>
    <message>
        <source>&amp;Open case</source>
        <translation>&amp;Open case</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>Open the chosen case (Enter)</source>
        <translation>Open the chosen case (Enter)</translation>
    </message>
    <message>
        <source>Caseload message</source>
        <translation>Caseload message</translation>
    </message>
    <message>
        <source>Active cases</source>
        <translation>Active cases</translation>
    </message>
    <message>
        <source>My sessions today</source>
        <translation>My sessions today</translation>
    </message>
    <message>
        <source>My sessions this week</source>
        <translation>My sessions this week</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>This week</translation>
    </message>
    <message>
        <source>Loading your caseload…</source>
        <translation>Loading your caseload…</translation>
    </message>
    <message>
        <source>{active} active, {closed} closed case(s)</source>
        <translation>{active} active, {closed} closed case(s)</translation>
    </message>
    <message>
        <source>{n} active case(s)</source>
        <translation>{n} active case(s)</translation>
    </message>
    <message>
        <source>No active cases.</source>
        <translation>No active cases.</translation>
    </message>
    <message>
        <source>Active and closed cases</source>
        <translation>Active and closed cases</translation>
    </message>
    <message>
        <source>Today, {date}</source>
        <translation>Today, {date}</translation>
    </message>
    <message>
        <source>This week, {start} to {end}</source>
        <translation>This week, {start} to {end}</translation>
    </message>
    <message>
        <source>That session's case is no longer on your caseload.</source>
        <translation>That session's case is no longer on your caseload.</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>Change my password</translation>
    </message>
    <message>
        <source>Your password was set by an administrator. Please choose your own now.</source>
        <translation>Your password was set by an administrator. Please choose your own now.</translation>
    </message>
    <message>
        <source>Choose a new password of at least {n} characters.</source>
        <translation>Choose a new password of at least {n} characters.</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Repeat new password</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>&amp;Current password:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <source>&amp;Repeat new password:</source>
        <translation>&amp;Repeat new password:</translation>
    </message>
    <message>
        <source>Enter your current password.</source>
        <translation>Enter your current password.</translation>
    </message>
    <message>
        <source>The new password must be at least {n} characters.</source>
        <translation>The new password must be at least {n} characters.</translation>
    </message>
    <message>
        <source>The two new passwords are not the same.</source>
        <translation>The two new passwords are not the same.</translation>
    </message>
</context>
<context>
    <name>ClientDetailView</name>
    <message>
        <source>Client message</source>
        <translation>Client message</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>Allowance this year</source>
        <translation>Allowance this year</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>A&amp;uthorise extra sessions…</source>
        <translation>A&amp;uthorise extra sessions…</translation>
    </message>
    <message>
        <source>Authorise extra sessions</source>
        <translation>Authorise extra sessions</translation>
    </message>
    <message>
        <source>Change &amp;urgency…</source>
        <translation>Change &amp;urgency…</translation>
    </message>
    <message>
        <source>Change urgency</source>
        <translation>Change urgency</translation>
    </message>
    <message>
        <source>← &amp;Back to results</source>
        <translation>← &amp;Back to results</translation>
    </message>
    <message>
        <source>Back to results</source>
        <translation>Back to results</translation>
    </message>
    <message>
        <source>Subject a&amp;ccess printout…</source>
        <translation>Subject a&amp;ccess printout…</translation>
    </message>
    <message>
        <source>Subject access printout</source>
        <translation>Subject access printout</translation>
    </message>
    <message>
        <source>Everything the service holds about this client, as a PDF to check and send (administrators and clinical leads; recorded in the audit log)</source>
        <translation>Everything the service holds about this client, as a PDF to check and send (administrators and clinical leads; recorded in the audit log)</translation>
    </message>
    <message>
        <source>&amp;Save changes</source>
        <translation>&amp;Save changes</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save changes to the client's record</source>
        <translation>Save changes to the client's record</translation>
    </message>
    <message>
        <source>Risk level: {level}</source>
        <translation>Risk level: {level}</translation>
    </message>
    <message>
        <source>{service}: {used} used, {booked} booked, {left} left of {allowed}</source>
        <translation>{service}: {used} used, {booked} booked, {left} left of {allowed}</translation>
    </message>
    <message>
        <source>{service}, {urgency}: {status} (opened {opened})</source>
        <translation>{service}, {urgency}: {status} (opened {opened})</translation>
    </message>
    <message>
        <source>No cases yet.</source>
        <translation>No cases yet.</translation>
    </message>
    <message>
        <source>1 extra session authorised for {service}.</source>
        <translation>1 extra session authorised for {service}.</translation>
    </message>
    <message>
        <source>{count} extra sessions authorised for {service}.</source>
        <translation>{count} extra sessions authorised for {service}.</translation>
    </message>
    <message>
        <source>Preparing the subject access printout…</source>
        <translation>Preparing the subject access printout…</translation>
    </message>
    <message>
        <source>Changes saved.</source>
        <translation>Changes saved.</translation>
    </message>
    <message>
        <source>Please correct the fields marked below; nothing has been saved.</source>
        <translation>Please correct the fields marked below; nothing has been saved.</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <source>New client</source>
        <translation>New client</translation>
    </message>
    <message>
        <source>New client message</source>
        <translation>New client message</translation>
    </message>
    <message>
        <source>&amp;Save client</source>
        <translation>&amp;Save client</translation>
    </message>
    <message>
        <source>Save client</source>
        <translation>Save client</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the new client</source>
        <translation>Save the new client</translation>
    </message>
    <message>
        <source>Please correct the fields marked below; nothing has been saved.</source>
        <translation>Please correct the fields marked below; nothing has been saved.</translation>
    </message>
</context>
<context>
    <name>ClientFormWidget</name>
    <message>
        <source>First name</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Last name</translation>
    </message>
    <message>
        <source>Preferred name</source>
        <translation>Preferred name</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>DD/MM/YYYY</source>
        <translation>DD/MM/YYYY</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>e.g. 07700 900123</source>
        <translation>e.g. 07700 900123</translation>
    </message>
    <message>
        <source>Other phone</source>
        <translation>Other phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Home address</source>
        <translation>Home address</translation>
    </message>
    <message>
        <source>Home postcode</source>
        <translation>Home postcode</translation>
    </message>
    <message>
        <source>e.g. ME19 4AB</source>
        <translation>e.g. ME19 4AB</translation>
    </message>
    <message>
        <source>Work postcode</source>
        <translation>Work postcode</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>(none recorded)</source>
        <translation>(none recorded)</translation>
    </message>
    <message>
        <source>Job role</source>
        <translation>Job role</translation>
    </message>
    <message>
        <source>Number we may call</source>
        <translation>Number we may call</translation>
    </message>
    <message>
        <source>Voicemail may be left</source>
        <translation>Voicemail may be left</translation>
    </message>
    <message>
        <source>Letters may be sent home</source>
        <translation>Letters may be sent home</translation>
    </message>
    <message>
        <source>E-mail may be sent</source>
        <translation>E-mail may be sent</translation>
    </message>
    <message>
        <source>May be contacted at work</source>
        <translation>May be contacted at work</translation>
    </message>
    <message>
        <source>Venue preference</source>
        <translation>Venue preference</translation>
    </message>
    <message>
        <source>Needs step-free access</source>
        <translation>Needs step-free access</translation>
    </message>
    <message>
        <source>Needs a hearing loop</source>
        <translation>Needs a hearing loop</translation>
    </message>
    <message>
        <source>Needs parking</source>
        <translation>Needs parking</translation>
    </message>
    <message>
        <source>Counsellor gender preference</source>
        <translation>Counsellor gender preference</translation>
    </message>
    <message>
        <source>Language preference</source>
        <translation>Language preference</translation>
    </message>
    <message>
        <source>e.g. Polish</source>
        <translation>e.g. Polish</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>&amp;First name</source>
        <translation>&amp;First name</translation>
    </message>
    <message>
        <source>&amp;Last name</source>
        <translation>&amp;Last name</translation>
    </message>
    <message>
        <source>Pre&amp;ferred name</source>
        <translation>Pre&amp;ferred name</translation>
    </message>
    <message>
        <source>Date of &amp;birth</source>
        <translation>Date of &amp;birth</translation>
    </message>
    <message>
        <source>&amp;Gender</source>
        <translation>&amp;Gender</translation>
    </message>
    <message>
        <source>Contact details</source>
        <translation>Contact details</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>&amp;Other phone</source>
        <translation>&amp;Other phone</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Address</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>&amp;Home postcode</source>
        <translation>&amp;Home postcode</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>O&amp;rganisation</source>
        <translation>O&amp;rganisation</translation>
    </message>
    <message>
        <source>&amp;Job role</source>
        <translation>&amp;Job role</translation>
    </message>
    <message>
        <source>&amp;Work postcode</source>
        <translation>&amp;Work postcode</translation>
    </message>
    <message>
        <source>Safe contact: how we may reach them</source>
        <translation>Safe contact: how we may reach them</translation>
    </message>
    <message>
        <source>&amp;Number we may call</source>
        <translation>&amp;Number we may call</translation>
    </message>
    <message>
        <source>Venue, access and counsellor</source>
        <translation>Venue, access and counsellor</translation>
    </message>
    <message>
        <source>&amp;Venue</source>
        <translation>&amp;Venue</translation>
    </message>
    <message>
        <source>Counsellor ge&amp;nder</source>
        <translation>Counsellor ge&amp;nder</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
</context>
<context>
    <name>ClientSearchWidget</name>
    <message>
        <source>Find client</source>
        <translation>Find client</translation>
    </message>
    <message>
        <source>Name, phone, e-mail, postcode, date of birth or SL reference…</source>
        <translation>Name, phone, e-mail, postcode, date of birth or SL reference…</translation>
    </message>
    <message>
        <source>Matching clients</source>
        <translation>Matching clients</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>Search status</translation>
    </message>
    <message numerus="yes">
        <source>%n client(s) found. Press Down to choose.</source>
        <translation><numerusform>%n client found. Press Down to choose.</numerusform><numerusform>%n clients found. Press Down to choose.</numerusform></translation>
    </message>
    <message>
        <source>No client matches.</source>
        <translation>No client matches.</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
</context>
<context>
    <name>ClientsView</name>
    <message>
        <source>Clients message</source>
        <translation>Clients message</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>&amp;Merge…</source>
        <translation>&amp;Merge…</translation>
    </message>
    <message>
        <source>Select two records (Ctrl+click) to merge them.</source>
        <translation>Select two records (Ctrl+click) to merge them.</translation>
    </message>
    <message>
        <source>Merge records</source>
        <translation>Merge records</translation>
    </message>
    <message>
        <source>Merge {remove} into {keep}? Everything recorded against {remove} moves to {keep}.</source>
        <translation>Merge {remove} into {keep}? Everything recorded against {remove} moves to {keep}.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>Records merged into {reference}.</source>
        <translation>Records merged into {reference}.</translation>
    </message>
</context>
<context>
    <name>ClosureDialog</name>
    <message>
        <source>Close case {reference}</source>
        <translation>Close case {reference}</translation>
    </message>
    <message>
        <source>Closing cancels any sessions still booked and destroys the evaluation pair code. Print the last evaluation form first if the client should have one.</source>
        <translation>Closing cancels any sessions still booked and destroys the evaluation pair code. Print the last evaluation form first if the client should have one.</translation>
    </message>
    <message>
        <source>Ending</source>
        <translation>Ending</translation>
    </message>
    <message>
        <source>Closing summary</source>
        <translation>Closing summary</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>&amp;Close case</source>
        <translation>&amp;Close case</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Close case</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;Ending</source>
        <translation>&amp;Ending</translation>
    </message>
    <message>
        <source>&amp;Summary</source>
        <translation>&amp;Summary</translation>
    </message>
    <message>
        <source>Closing…</source>
        <translation>Closing…</translation>
    </message>
    <message>
        <source>The case is closed.</source>
        <translation>The case is closed.</translation>
    </message>
    <message>
        <source>Outcome: {outcome}</source>
        <translation>Outcome: {outcome}</translation>
    </message>
    <message>
        <source>Sessions attended: {n}</source>
        <translation>Sessions attended: {n}</translation>
    </message>
    <message>
        <source>{measure}: first {first}, last {last}</source>
        <translation>{measure}: first {first}, last {last}</translation>
    </message>
    <message>
        <source>&amp;Done</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>CounsellorDialog</name>
    <message>
        <source>Edit counsellor</source>
        <translation>Edit counsellor</translation>
    </message>
    <message>
        <source>Add counsellor</source>
        <translation>Add counsellor</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>e.g. English, Polish</source>
        <translation>e.g. English, Polish</translation>
    </message>
    <message>
        <source>Sessions a week at most</source>
        <translation>Sessions a week at most</translation>
    </message>
    <message>
        <source>&amp;Clinical lead</source>
        <translation>&amp;Clinical lead</translation>
    </message>
    <message>
        <source>Clinical lead</source>
        <translation>Clinical lead</translation>
    </message>
    <message>
        <source>Clinical lead is granted to the counsellor's sign-in under Administration &gt; Users (Change roles…).</source>
        <translation>Clinical lead is granted to the counsellor's sign-in under Administration &gt; Users (Change roles…).</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Gender:</source>
        <translation>&amp;Gender:</translation>
    </message>
    <message>
        <source>&amp;Languages:</source>
        <translation>&amp;Languages:</translation>
    </message>
    <message>
        <source>Services:</source>
        <translation>Services:</translation>
    </message>
    <message>
        <source>Sessions a &amp;week at most:</source>
        <translation>Sessions a &amp;week at most:</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Save</translation>
    </message>
</context>
<context>
    <name>CounsellorTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Languages</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Per week</translation>
    </message>
    <message>
        <source>Clinical lead</source>
        <translation>Clinical lead</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Sign-in</translation>
    </message>
</context>
<context>
    <name>CounsellorsView</name>
    <message>
        <source>Counsellors message</source>
        <translation>Counsellors message</translation>
    </message>
    <message>
        <source>Filter counsellors</source>
        <translation>Filter counsellors</translation>
    </message>
    <message>
        <source>Filter by name, language or service…</source>
        <translation>Filter by name, language or service…</translation>
    </message>
    <message>
        <source>Counsellors</source>
        <translation>Counsellors</translation>
    </message>
    <message>
        <source>&amp;Add counsellor…</source>
        <translation>&amp;Add counsellor…</translation>
    </message>
    <message>
        <source>&amp;Edit profile…</source>
        <translation>&amp;Edit profile…</translation>
    </message>
    <message>
        <source>Link &amp;sign-in…</source>
        <translation>Link &amp;sign-in…</translation>
    </message>
    <message>
        <source>Weekly availability</source>
        <translation>Weekly availability</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Available from</source>
        <translation>Available from</translation>
    </message>
    <message>
        <source>Available until</source>
        <translation>Available until</translation>
    </message>
    <message>
        <source>Venue opening hours that day</source>
        <translation>Venue opening hours that day</translation>
    </message>
    <message>
        <source>Add &amp;row</source>
        <translation>Add &amp;row</translation>
    </message>
    <message>
        <source>Re&amp;move row</source>
        <translation>Re&amp;move row</translation>
    </message>
    <message>
        <source>&amp;Save availability</source>
        <translation>&amp;Save availability</translation>
    </message>
    <message>
        <source>&amp;Venue and day:</source>
        <translation>&amp;Venue and day:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>Leave from</source>
        <translation>Leave from</translation>
    </message>
    <message>
        <source>Leave until</source>
        <translation>Leave until</translation>
    </message>
    <message>
        <source>Add &amp;leave</source>
        <translation>Add &amp;leave</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Choose a counsellor to see their availability and leave.</source>
        <translation>Choose a counsellor to see their availability and leave.</translation>
    </message>
    <message>
        <source>Availability and leave: {name}</source>
        <translation>Availability and leave: {name}</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} to {last}</translation>
    </message>
    <message>
        <source>No leave recorded.</source>
        <translation>No leave recorded.</translation>
    </message>
    <message>
        <source>(venue open {opens}–{closes})</source>
        <translation>(venue open {opens}–{closes})</translation>
    </message>
    <message>
        <source>(venue closed that day)</source>
        <translation>(venue closed that day)</translation>
    </message>
    <message>
        <source>{name} added.</source>
        <translation>{name} added.</translation>
    </message>
    <message>
        <source>Profile saved for {name}.</source>
        <translation>Profile saved for {name}.</translation>
    </message>
    <message>
        <source>{username} ({name})</source>
        <translation>{username} ({name})</translation>
    </message>
    <message>
        <source>{username} (linked to {profile})</source>
        <translation>{username} (linked to {profile})</translation>
    </message>
    <message>
        <source>Link sign-in</source>
        <translation>Link sign-in</translation>
    </message>
    <message>
        <source>The sign-in of the counsellor {name}: whoever signs in with it sees this profile's caseload and diary. Only users with the counsellor role are listed.</source>
        <translation>The sign-in of the counsellor {name}: whoever signs in with it sees this profile's caseload and diary. Only users with the counsellor role are listed.</translation>
    </message>
    <message>
        <source>{name} is no longer linked to a sign-in.</source>
        <translation>{name} is no longer linked to a sign-in.</translation>
    </message>
    <message>
        <source>{name} is linked to {username}: they see its caseload and diary.</source>
        <translation>{name} is linked to {username}: they see its caseload and diary.</translation>
    </message>
    <message>
        <source>Row added: press Save availability to keep it.</source>
        <translation>Row added: press Save availability to keep it.</translation>
    </message>
    <message>
        <source>Availability saved for {name}.</source>
        <translation>Availability saved for {name}.</translation>
    </message>
    <message>
        <source>Leave from {first} to {last} added for {name}.</source>
        <translation>Leave from {first} to {last} added for {name}.</translation>
    </message>
</context>
<context>
    <name>CsvFileDialog</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV files (*.csv);;All files (*)</translation>
    </message>
</context>
<context>
    <name>DiaryTableModel</name>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Counsellor</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>{kind} {number}</source>
        <translation>{kind} {number}</translation>
    </message>
    <message>
        <source>{start}–{end}</source>
        <translation>{start}–{end}</translation>
    </message>
</context>
<context>
    <name>DiaryView</name>
    <message>
        <source>Export calendar</source>
        <translation>Export calendar</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Calendar files (*.ics)</translation>
    </message>
    <message>
        <source>Diary message</source>
        <translation>Diary message</translation>
    </message>
    <message>
        <source>Diary of</source>
        <translation>Diary of</translation>
    </message>
    <message>
        <source>Whose diary</source>
        <translation>Whose diary</translation>
    </message>
    <message>
        <source>Day or week</source>
        <translation>Day or week</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>‹ &amp;Previous</source>
        <translation>‹ &amp;Previous</translation>
    </message>
    <message>
        <source>T&amp;oday</source>
        <translation>T&amp;oday</translation>
    </message>
    <message>
        <source>&amp;Next ›</source>
        <translation>&amp;Next ›</translation>
    </message>
    <message>
        <source>Period shown</source>
        <translation>Period shown</translation>
    </message>
    <message>
        <source>Sho&amp;w</source>
        <translation>Sho&amp;w</translation>
    </message>
    <message>
        <source>&amp;For</source>
        <translation>&amp;For</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Diary entries</source>
        <translation>Diary entries</translation>
    </message>
    <message>
        <source>&amp;Move…</source>
        <translation>&amp;Move…</translation>
    </message>
    <message>
        <source>&amp;Cancel…</source>
        <translation>&amp;Cancel…</translation>
    </message>
    <message>
        <source>&amp;Attended</source>
        <translation>&amp;Attended</translation>
    </message>
    <message>
        <source>&amp;Did not attend</source>
        <translation>&amp;Did not attend</translation>
    </message>
    <message>
        <source>Print &amp;letter…</source>
        <translation>Print &amp;letter…</translation>
    </message>
    <message>
        <source>Print day l&amp;ist…</source>
        <translation>Print day l&amp;ist…</translation>
    </message>
    <message>
        <source>&amp;Export calendar (.ics)…</source>
        <translation>&amp;Export calendar (.ics)…</translation>
    </message>
    <message>
        <source>Did not attend: call these clients</source>
        <translation>Did not attend: call these clients</translation>
    </message>
    <message>
        <source>Follow-ups</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>Follow-up d&amp;one</source>
        <translation>Follow-up d&amp;one</translation>
    </message>
    <message>
        <source>{venue}, {room}</source>
        <translation>{venue}, {room}</translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation>Week of {day}</translation>
    </message>
    <message>
        <source>Nothing booked in this period.</source>
        <translation>Nothing booked in this period.</translation>
    </message>
    <message numerus="yes">
        <source>Did not attend: call these clients (%n)</source>
        <translation><numerusform>Did not attend: call these clients (%n)</numerusform><numerusform>Did not attend: call these clients (%n)</numerusform></translation>
    </message>
    <message>
        <source>Moved. Print a rescheduling letter from Print letter… if the client wants one.</source>
        <translation>Moved. Print a rescheduling letter from Print letter… if the client wants one.</translation>
    </message>
    <message numerus="yes">
        <source>%n appointment(s) cancelled.</source>
        <translation><numerusform>%n appointment cancelled.</numerusform><numerusform>%n appointments cancelled.</numerusform></translation>
    </message>
    <message>
        <source>Recorded as attended.</source>
        <translation>Recorded as attended.</translation>
    </message>
    <message>
        <source>Recorded as did not attend; the client is on the follow-up list.</source>
        <translation>Recorded as did not attend; the client is on the follow-up list.</translation>
    </message>
    <message>
        <source>Day list</source>
        <translation>Day list</translation>
    </message>
    <message>
        <source>Calendar exported to {path}. It holds times and places only, no client details.</source>
        <translation>Calendar exported to {path}. It holds times and places only, no client details.</translation>
    </message>
    <message>
        <source>Follow-up done: {reference} is off the list.</source>
        <translation>Follow-up done: {reference} is off the list.</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <source>This person may already have a record</source>
        <translation>This person may already have a record</translation>
    </message>
    <message>
        <source>These records have the same name and date of birth, phone number or e-mail address. Use the right one if this is the same person; save a new record only if it is not.</source>
        <translation>These records have the same name and date of birth, phone number or e-mail address. Use the right one if this is the same person; save a new record only if it is not.</translation>
    </message>
    <message>
        <source>Possible matches</source>
        <translation>Possible matches</translation>
    </message>
    <message>
        <source>&amp;Use this record</source>
        <translation>&amp;Use this record</translation>
    </message>
    <message>
        <source>Use this record</source>
        <translation>Use this record</translation>
    </message>
    <message>
        <source>&amp;Save a new record anyway</source>
        <translation>&amp;Save a new record anyway</translation>
    </message>
    <message>
        <source>Save a new record anyway</source>
        <translation>Save a new record anyway</translation>
    </message>
    <message>
        <source>&amp;Back to the form</source>
        <translation>&amp;Back to the form</translation>
    </message>
    <message>
        <source>Back to the form</source>
        <translation>Back to the form</translation>
    </message>
</context>
<context>
    <name>EscalationDialog</name>
    <message>
        <source>Immediate risk</source>
        <translation>Immediate risk</translation>
    </message>
    <message>
        <source>Escalation steps</source>
        <translation>Escalation steps</translation>
    </message>
    <message>
        <source>I have read the steps</source>
        <translation>I have read the steps</translation>
    </message>
</context>
<context>
    <name>EvaluationEntryView</name>
    <message>
        <source>Evaluation entry message</source>
        <translation>Evaluation entry message</translation>
    </message>
    <message>
        <source>Enter a returned evaluation form</source>
        <translation>Enter a returned evaluation form</translation>
    </message>
    <message>
        <source>Type in each paper form as it arrives. Forms are anonymous: once saved, a form goes to the statistics and cannot be seen again here. Tip: in the answers, press 1 to 5 to tick an answer and move on, or 0 to leave it blank.</source>
        <translation>Type in each paper form as it arrives. Forms are anonymous: once saved, a form goes to the statistics and cannot be seen again here. Tip: in the answers, press 1 to 5 to tick an answer and move on, or 0 to leave it blank.</translation>
    </message>
    <message>
        <source>Form type: first session</source>
        <translation>Form type: first session</translation>
    </message>
    <message>
        <source>Form type: last session</source>
        <translation>Form type: last session</translation>
    </message>
    <message>
        <source>Form type</source>
        <translation>Form type</translation>
    </message>
    <message>
        <source>Pair code</source>
        <translation>Pair code</translation>
    </message>
    <message>
        <source>As printed on the form, e.g. ABCD-EFGH-JKM</source>
        <translation>As printed on the form, e.g. ABCD-EFGH-JKM</translation>
    </message>
    <message>
        <source>Pair &amp;code</source>
        <translation>Pair &amp;code</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>Answers</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Comments</translation>
    </message>
    <message>
        <source>Type what is written, leaving out any name.</source>
        <translation>Type what is written, leaving out any name.</translation>
    </message>
    <message>
        <source>Co&amp;mments</source>
        <translation>Co&amp;mments</translation>
    </message>
    <message>
        <source>Comment as it will be stored</source>
        <translation>Comment as it will be stored</translation>
    </message>
    <message>
        <source>&amp;Save form</source>
        <translation>&amp;Save form</translation>
    </message>
    <message>
        <source>Save form</source>
        <translation>Save form</translation>
    </message>
    <message>
        <source>Save this form and clear the page (Ctrl+S)</source>
        <translation>Save this form and clear the page (Ctrl+S)</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>C&amp;lear</translation>
    </message>
    <message>
        <source>Clear the form</source>
        <translation>Clear the form</translation>
    </message>
    <message>
        <source>Forms recorded</source>
        <translation>Forms recorded</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the form and clear the page</source>
        <translation>Save the form and clear the page</translation>
    </message>
    <message>
        <source>Answers: {form}</source>
        <translation>Answers: {form}</translation>
    </message>
    <message>
        <source>Question {n}: {answer}</source>
        <translation>Question {n}: {answer}</translation>
    </message>
    <message>
        <source>Will be stored as: {text}</source>
        <translation>Will be stored as: {text}</translation>
    </message>
    <message>
        <source>Forms recorded since you signed in: {count}</source>
        <translation>Forms recorded since you signed in: {count}</translation>
    </message>
</context>
<context>
    <name>EvaluationFormsPanel</name>
    <message>
        <source>Evaluation forms are anonymous. The first and last forms carry the same pair code; printing the last form destroys the code, so afterwards nothing links a returned form to this client.</source>
        <translation>Evaluation forms are anonymous. The first and last forms carry the same pair code; printing the last form destroys the code, so afterwards nothing links a returned form to this client.</translation>
    </message>
    <message>
        <source>Forms issued</source>
        <translation>Forms issued</translation>
    </message>
    <message>
        <source>Print &amp;first form…</source>
        <translation>Print &amp;first form…</translation>
    </message>
    <message>
        <source>Print first form</source>
        <translation>Print first form</translation>
    </message>
    <message>
        <source>Print &amp;last form…</source>
        <translation>Print &amp;last form…</translation>
    </message>
    <message>
        <source>Print last form</source>
        <translation>Print last form</translation>
    </message>
    <message>
        <source>No evaluation form has been printed yet.</source>
        <translation>No evaluation form has been printed yet.</translation>
    </message>
    <message>
        <source>Printed: {forms}.</source>
        <translation>Printed: {forms}.</translation>
    </message>
    <message>
        <source>The pair code has been destroyed.</source>
        <translation>The pair code has been destroyed.</translation>
    </message>
    <message>
        <source>Print the last evaluation form?</source>
        <translation>Print the last evaluation form?</translation>
    </message>
    <message>
        <source>Making the last form destroys the pair code for good: it will be on this printout and nowhere else, and no further form can be printed for this case. Print or save it from the preview straight away.</source>
        <translation>Making the last form destroys the pair code for good: it will be on this printout and nowhere else, and no further form can be printed for this case. Print or save it from the preview straight away.</translation>
    </message>
    <message>
        <source>Make the last form</source>
        <translation>Make the last form</translation>
    </message>
    <message>
        <source>Preparing the form…</source>
        <translation>Preparing the form…</translation>
    </message>
    <message>
        <source>The last form is ready. Its pair code has been destroyed: print or save it from the preview now.</source>
        <translation>The last form is ready. Its pair code has been destroyed: print or save it from the preview now.</translation>
    </message>
    <message>
        <source>The first form is ready to print.</source>
        <translation>The first form is ready to print.</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <source>Noted</source>
        <translation>Noted</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>Initials</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Missed appointment</source>
        <translation>Missed appointment</translation>
    </message>
</context>
<context>
    <name>FreshnessWidget</name>
    <message>
        <source>How up to date the figures are</source>
        <translation>How up to date the figures are</translation>
    </message>
    <message>
        <source>The figures have not yet been brought up to date from the case records.</source>
        <translation>The figures have not yet been brought up to date from the case records.</translation>
    </message>
    <message>
        <source>Figures last brought up to date on {day}.</source>
        <translation>Figures last brought up to date on {day}.</translation>
    </message>
    <message numerus="yes">
        <source>%n new record(s) waiting now.</source>
        <translation><numerusform>%n new record waiting now.</numerusform><numerusform>%n new records waiting now.</numerusform></translation>
    </message>
    <message>
        <source>No new records waiting.</source>
        <translation>No new records waiting.</translation>
    </message>
    <message numerus="yes">
        <source>%n new record(s) were waiting on {day}.</source>
        <translation><numerusform>%n new record were waiting on {day}.</numerusform><numerusform>%n new records were waiting on {day}.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) could not be read and are left for an administrator.</source>
        <translation><numerusform>%n record could not be read and are left for an administrator.</numerusform><numerusform>%n records could not be read and are left for an administrator.</numerusform></translation>
    </message>
    <message>
        <source>New records come in automatically while an administrator is signed in.</source>
        <translation>New records come in automatically while an administrator is signed in.</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Guide</source>
        <translation>Guide</translation>
    </message>
    <message>
        <source>Guide: {title}</source>
        <translation>Guide: {title}</translation>
    </message>
    <message>
        <source>There is no guide for this workspace.</source>
        <translation>There is no guide for this workspace.</translation>
    </message>
</context>
<context>
    <name>ImportProblemTableModel</name>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Value</translation>
    </message>
</context>
<context>
    <name>ImportProblemsDialog</name>
    <message>
        <source>Correct these lines in the file and import it again.</source>
        <translation>Correct these lines in the file and import it again.</translation>
    </message>
    <message>
        <source>Import problems</source>
        <translation>Import problems</translation>
    </message>
</context>
<context>
    <name>IntakeFormWidget</name>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Call message</source>
        <translation>Call message</translation>
    </message>
    <message>
        <source>New call</source>
        <translation>New call</translation>
    </message>
    <message>
        <source>Call-back</source>
        <translation>Call-back</translation>
    </message>
    <message>
        <source>Call started</source>
        <translation>Call started</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>&amp;Direction</source>
        <translation>&amp;Direction</translation>
    </message>
    <message>
        <source>C&amp;hannel</source>
        <translation>C&amp;hannel</translation>
    </message>
    <message>
        <source>&amp;Purpose</source>
        <translation>&amp;Purpose</translation>
    </message>
    <message>
        <source>New &amp;client…</source>
        <translation>New &amp;client…</translation>
    </message>
    <message>
        <source>&amp;Import information sheet…</source>
        <translation>&amp;Import information sheet…</translation>
    </message>
    <message>
        <source>Service asked about</source>
        <translation>Service asked about</translation>
    </message>
    <message>
        <source>Chosen client</source>
        <translation>Chosen client</translation>
    </message>
    <message>
        <source>No client chosen yet.</source>
        <translation>No client chosen yet.</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <source>Allowance</source>
        <translation>Allowance</translation>
    </message>
    <message>
        <source>How we may contact them</source>
        <translation>How we may contact them</translation>
    </message>
    <message>
        <source>Client risk level</source>
        <translation>Client risk level</translation>
    </message>
    <message>
        <source>Reason to go ahead although not eligible</source>
        <translation>Reason to go ahead although not eligible</translation>
    </message>
    <message>
        <source>Required to refer: why go ahead?</source>
        <translation>Required to refer: why go ahead?</translation>
    </message>
    <message>
        <source>&amp;Reason</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Ser&amp;vice</source>
        <translation>Ser&amp;vice</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <source>Risk screening (tick each answer that is yes)</source>
        <translation>Risk screening (tick each answer that is yes)</translation>
    </message>
    <message>
        <source>Risk detail</source>
        <translation>Risk detail</translation>
    </message>
    <message>
        <source>Detail (sealed: only counsellors can read it)</source>
        <translation>Detail (sealed: only counsellors can read it)</translation>
    </message>
    <message>
        <source>Assessed risk level</source>
        <translation>Assessed risk level</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Signposted to</source>
        <translation>Signposted to</translation>
    </message>
    <message>
        <source>Referral route</source>
        <translation>Referral route</translation>
    </message>
    <message>
        <source>Presenting issues</source>
        <translation>Presenting issues</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>&amp;Outcome</source>
        <translation>&amp;Outcome</translation>
    </message>
    <message>
        <source>Si&amp;gnposted to</source>
        <translation>Si&amp;gnposted to</translation>
    </message>
    <message>
        <source>Referral ro&amp;ute</source>
        <translation>Referral ro&amp;ute</translation>
    </message>
    <message>
        <source>Presenting &amp;issues</source>
        <translation>Presenting &amp;issues</translation>
    </message>
    <message>
        <source>Urgenc&amp;y</source>
        <translation>Urgenc&amp;y</translation>
    </message>
    <message>
        <source>&amp;Save call</source>
        <translation>&amp;Save call</translation>
    </message>
    <message>
        <source>Save the call (Ctrl+S)</source>
        <translation>Save the call (Ctrl+S)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Discard this call (Esc)</source>
        <translation>Discard this call (Esc)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the call</source>
        <translation>Save the call</translation>
    </message>
    <message>
        <source>Discard the call (it asks first)</source>
        <translation>Discard the call (it asks first)</translation>
    </message>
    <message>
        <source>an existing client</source>
        <translation>an existing client</translation>
    </message>
    <message>
        <source>the number on their record</source>
        <translation>the number on their record</translation>
    </message>
    <message>
        <source>Call-back to {who} on {number}</source>
        <translation>Call-back to {who} on {number}</translation>
    </message>
    <message>
        <source>Started {time}</source>
        <translation>Started {time}</translation>
    </message>
    <message>
        <source>Opening the record…</source>
        <translation>Opening the record…</translation>
    </message>
    <message>
        <source>{name} ({reference}){organisation}</source>
        <translation>{name} ({reference}){organisation}</translation>
    </message>
    <message>
        <source>: {reason}</source>
        <translation>: {reason}</translation>
    </message>
    <message>
        <source> (ended {date})</source>
        <translation> (ended {date})</translation>
    </message>
    <message>
        <source> (agreement until {date})</source>
        <translation> (agreement until {date})</translation>
    </message>
    <message>
        <source>{used} used, {booked} booked, {left} left of {allowed} (year {start} to {end})</source>
        <translation>{used} used, {booked} booked, {left} left of {allowed} (year {start} to {end})</translation>
    </message>
    <message>
        <source>: allowance reached</source>
        <translation>: allowance reached</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>do not phone</source>
        <translation>do not phone</translation>
    </message>
    <message>
        <source>Call {number}; voicemail {voicemail}; letters {letters}; e-mail {email}; at work {work}</source>
        <translation>Call {number}; voicemail {voicemail}; letters {letters}; e-mail {email}; at work {work}</translation>
    </message>
    <message>
        <source>Information sheet read: check the details, then save the client.</source>
        <translation>Information sheet read: check the details, then save the client.</translation>
    </message>
    <message>
        <source>That file cannot be opened; nothing was entered.</source>
        <translation>That file cannot be opened; nothing was entered.</translation>
    </message>
    <message>
        <source>Assessed level: {level}</source>
        <translation>Assessed level: {level}</translation>
    </message>
    <message>
        <source>Still checking the client's eligibility; try again in a moment.</source>
        <translation>Still checking the client's eligibility; try again in a moment.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Call saved.</source>
        <translation>Call saved.</translation>
    </message>
    <message>
        <source>The call has not been saved yet: please correct the marked fields.</source>
        <translation>The call has not been saved yet: please correct the marked fields.</translation>
    </message>
    <message>
        <source>Discard this call?</source>
        <translation>Discard this call?</translation>
    </message>
    <message>
        <source>Discard what has been entered? The call will not be logged.</source>
        <translation>Discard what has been entered? The call will not be logged.</translation>
    </message>
    <message>
        <source>Discard call</source>
        <translation>Discard call</translation>
    </message>
</context>
<context>
    <name>LetterPreviewDialog</name>
    <message>
        <source>Document preview</source>
        <translation>Document preview</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Save as PDF…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Print…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>It could not be saved there: choose another folder.</source>
        <translation>It could not be saved there: choose another folder.</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Saved to {path}.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Sent to the printer.</translation>
    </message>
    <message>
        <source>The printer could not be used.</source>
        <translation>The printer could not be used.</translation>
    </message>
</context>
<context>
    <name>LinkCounsellorDialog</name>
    <message>
        <source>Not linked</source>
        <translation>Not linked</translation>
    </message>
    <message>
        <source>&amp;Save link</source>
        <translation>&amp;Save link</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>SupportLine</source>
        <translation>SupportLine</translation>
    </message>
    <message>
        <source>Workspaces</source>
        <translation>Workspaces</translation>
    </message>
    <message>
        <source>{title} (Ctrl+{n})</source>
        <translation>{title} (Ctrl+{n})</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Signed-in user</translation>
    </message>
    <message>
        <source>Data: {path}</source>
        <translation>Data: {path}</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Data directory</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Lock now</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
    <message>
        <source>&amp;Change my password…</source>
        <translation>&amp;Change my password…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Guide to this workspace</source>
        <translation>&amp;Guide to this workspace</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <source>&amp;About SupportLine</source>
        <translation>&amp;About SupportLine</translation>
    </message>
    <message>
        <source>Go to {title}</source>
        <translation>Go to {title}</translation>
    </message>
    <message>
        <source>Signed in as {name} ({roles})</source>
        <translation>Signed in as {name} ({roles})</translation>
    </message>
    <message>
        <source>You must choose a new password before you can continue. SupportLine has been locked.</source>
        <translation>You must choose a new password before you can continue. SupportLine has been locked.</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>Your password has been changed.</translation>
    </message>
    <message>
        <source>Your current password is not right; the password was not changed.</source>
        <translation>Your current password is not right; the password was not changed.</translation>
    </message>
<message><source>Administration</source><translation>Administration</translation></message><message><source>Anonymised quality and usage statistics, with disclosure control.</source><translation>Anonymised quality and usage statistics, with disclosure control.</translation></message><message><source>Appointments by counsellor, venue and room.</source><translation>Appointments by counsellor, venue and room.</translation></message><message><source>Calls</source><translation>Calls</translation></message><message><source>Caseload</source><translation>Caseload</translation></message><message><source>Clients</source><translation>Clients</translation></message><message><source>Clients waiting for a counsellor, oldest first.</source><translation>Clients waiting for a counsellor, oldest first.</translation></message><message><source>Diary</source><translation>Diary</translation></message><message><source>Evaluation forms</source><translation>Evaluation forms</translation></message><message><source>Find and update client records, contact preferences and letters.</source><translation>Find and update client records, contact preferences and letters.</translation></message><message><source>Statistics</source><translation>Statistics</translation></message><message><source>Take intake calls, triage and book first appointments.</source><translation>Take intake calls, triage and book first appointments.</translation></message><message><source>Type in returned paper evaluation forms; they cannot be read back.</source><translation>Type in returned paper evaluation forms; they cannot be read back.</translation></message><message><source>Users, keys and service settings.</source><translation>Users, keys and service settings.</translation></message><message><source>Waiting list</source><translation>Waiting list</translation></message><message><source>Your clients, assessments, session records and outcome measures.</source><translation>Your clients, assessments, session records and outcome measures.</translation></message></context>
<context>
    <name>MeasureChartWidget</name>
    <message>
        <source>No measures recorded for this case yet.</source>
        <translation>No measures recorded for this case yet.</translation>
    </message>
    <message>
        <source>{measure}: clinical cut-off {cutoff}</source>
        <translation>{measure}: clinical cut-off {cutoff}</translation>
    </message>
    <message>
        <source>{measure} total</source>
        <translation>{measure} total</translation>
    </message>
    <message>
        <source>Clinical cut-off ({cutoff})</source>
        <translation>Clinical cut-off ({cutoff})</translation>
    </message>
    <message>
        <source>Date taken</source>
        <translation>Date taken</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>{measure} chart</source>
        <translation>{measure} chart</translation>
    </message>
</context>
<context>
    <name>MeasureEntryWidget</name>
    <message>
        <source>Type each answer's number (it moves to the next item); Left/Right change an answer, Up/Down move, Delete leaves an item unanswered.</source>
        <translation>Type each answer's number (it moves to the next item); Left/Right change an answer, Up/Down move, Delete leaves an item unanswered.</translation>
    </message>
    <message>
        <source>Total and band</source>
        <translation>Total and band</translation>
    </message>
    <message>
        <source>Risk prompt</source>
        <translation>Risk prompt</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>No items answered yet.</source>
        <translation>No items answered yet.</translation>
    </message>
    <message>
        <source>{answered} of {count} items answered: too many missing to score (at most {allowed} may be left out).</source>
        <translation>{answered} of {count} items answered: too many missing to score (at most {allowed} may be left out).</translation>
    </message>
    <message>
        <source>Total {total} of {maximum}: {band}</source>
        <translation>Total {total} of {maximum}: {band}</translation>
    </message>
    <message>
        <source>({missing} missing, prorated)</source>
        <translation>({missing} missing, prorated)</translation>
    </message>
    <message>
        <source>({missing} missing)</source>
        <translation>({missing} missing)</translation>
    </message>
</context>
<context>
    <name>MeasureItemWidget</name>
    <message>
        <source>{n}. (not scored)</source>
        <translation>{n}. (not scored)</translation>
    </message>
    <message>
        <source>Item {n} of {count}: {text}</source>
        <translation>Item {n} of {count}: {text}</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>Answer: {value} {label}</source>
        <translation>Answer: {value} {label}</translation>
    </message>
</context>
<context>
    <name>MeasureSetWidget</name>
    <message>
        <source>Measure</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>Mea&amp;sure</source>
        <translation>Mea&amp;sure</translation>
    </message>
    <message>
        <source>Taken on</source>
        <translation>Taken on</translation>
    </message>
    <message>
        <source>The day the client filled the measure in (DD/MM/YYYY)</source>
        <translation>The day the client filled the measure in (DD/MM/YYYY)</translation>
    </message>
    <message>
        <source>the day the client filled it in; not a future day, not before the case opened</source>
        <translation>the day the client filled it in; not a future day, not before the case opened</translation>
    </message>
    <message>
        <source>Taken &amp;on</source>
        <translation>Taken &amp;on</translation>
    </message>
</context>
<context>
    <name>MediationPanel</name>
    <message>
        <source>Parties</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Parties message</source>
        <translation>Parties message</translation>
    </message>
    <message>
        <source>Parties to this mediation</source>
        <translation>Parties to this mediation</translation>
    </message>
    <message>
        <source>Add &amp;party…</source>
        <translation>Add &amp;party…</translation>
    </message>
    <message>
        <source>Add party</source>
        <translation>Add party</translation>
    </message>
    <message>
        <source>Add a client to this mediation as a party</source>
        <translation>Add a client to this mediation as a party</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Session</translation>
    </message>
    <message>
        <source>&amp;Joint session</source>
        <translation>&amp;Joint session</translation>
    </message>
    <message>
        <source>Joint session</source>
        <translation>Joint session</translation>
    </message>
    <message>
        <source>Record that every party was in this session</source>
        <translation>Record that every party was in this session</translation>
    </message>
    <message>
        <source>Who this session is for</source>
        <translation>Who this session is for</translation>
    </message>
    <message>
        <source>Add the parties first: each party's note for a session is kept separately.</source>
        <translation>Add the parties first: each party's note for a session is kept separately.</translation>
    </message>
    <message>
        <source>Separate session with {party}</source>
        <translation>Separate session with {party}</translation>
    </message>
    <message>
        <source>Record that only {name} was in this session</source>
        <translation>Record that only {name} was in this session</translation>
    </message>
    <message>
        <source>Session {n}</source>
        <translation>Session {n}</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>{what} on {when}</source>
        <translation>{what} on {when}</translation>
    </message>
    <message>
        <source>Choose a session.</source>
        <translation>Choose a session.</translation>
    </message>
    <message>
        <source>Record whether this was a joint session or a separate session with one party.</source>
        <translation>Record whether this was a joint session or a separate session with one party.</translation>
    </message>
    <message>
        <source>Recorded: joint session with {parties}.</source>
        <translation>Recorded: joint session with {parties}.</translation>
    </message>
    <message>
        <source>Recorded: separate session with {party}.</source>
        <translation>Recorded: separate session with {party}.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Adding {name}…</source>
        <translation>Adding {name}…</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge two client records</source>
        <translation>Merge two client records</translation>
    </message>
    <message>
        <source>Choose the record to keep. Contacts, cases, appointments and risk alerts of the other record move to it, and its blank fields are filled from the other. The other record stays, marked as merged.</source>
        <translation>Choose the record to keep. Contacts, cases, appointments and risk alerts of the other record move to it, and its blank fields are filled from the other. The other record stays, marked as merged.</translation>
    </message>
    <message>
        <source>Keep {reference}</source>
        <translation>Keep {reference}</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>Keep:</translation>
    </message>
</context>
<context>
    <name>MoveAppointmentDialog</name>
    <message>
        <source>Move appointment</source>
        <translation>Move appointment</translation>
    </message>
    <message>
        <source>New date and time</source>
        <translation>New date and time</translation>
    </message>
    <message>
        <source>Move the &amp;later sessions in the series too</source>
        <translation>Move the &amp;later sessions in the series too</translation>
    </message>
    <message>
        <source>Move the later sessions too</source>
        <translation>Move the later sessions too</translation>
    </message>
    <message>
        <source>&amp;New date and time</source>
        <translation>&amp;New date and time</translation>
    </message>
    <message>
        <source>&amp;Move</source>
        <translation>&amp;Move</translation>
    </message>
</context>
<context>
    <name>OrganisationChoice</name>
    <message>
        <source>Usage report</source>
        <translation>Usage report</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>Organisation:</translation>
    </message>
</context>
<context>
    <name>OrganisationTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <source>Phase or directorate</source>
        <translation>Phase or directorate</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>OrganisationsView</name>
    <message>
        <source>Organisations message</source>
        <translation>Organisations message</translation>
    </message>
    <message>
        <source>Filter organisations</source>
        <translation>Filter organisations</translation>
    </message>
    <message>
        <source>Filter by name, group or phase…</source>
        <translation>Filter by name, group or phase…</translation>
    </message>
    <message>
        <source>Organisations</source>
        <translation>Organisations</translation>
    </message>
    <message>
        <source>Agreements of the selected organisation</source>
        <translation>Agreements of the selected organisation</translation>
    </message>
    <message>
        <source>&amp;Add agreement…</source>
        <translation>&amp;Add agreement…</translation>
    </message>
    <message>
        <source>Au&amp;thorise more sessions…</source>
        <translation>Au&amp;thorise more sessions…</translation>
    </message>
    <message>
        <source>Sessions past those purchased under the selected agreement (administrators)</source>
        <translation>Sessions past those purchased under the selected agreement (administrators)</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Deactivate</translation>
    </message>
    <message>
        <source>&amp;Import organisations from CSV…</source>
        <translation>&amp;Import organisations from CSV…</translation>
    </message>
    <message>
        <source>Service agreements</source>
        <translation>Service agreements</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>Re&amp;activate</translation>
    </message>
    <message>
        <source>{service} agreement added for {name}.</source>
        <translation>{service} agreement added for {name}.</translation>
    </message>
    <message>
        <source>Extra sessions authorised for {name}: {count}.</source>
        <translation>Extra sessions authorised for {name}: {count}.</translation>
    </message>
    <message>
        <source>{name} is active again.</source>
        <translation>{name} is active again.</translation>
    </message>
    <message>
        <source>{name} is inactive: its staff are no longer eligible.</source>
        <translation>{name} is inactive: its staff are no longer eligible.</translation>
    </message>
    <message>
        <source>Import organisations from CSV</source>
        <translation>Import organisations from CSV</translation>
    </message>
    <message>
        <source>Imported: {created} new and {updated} updated organisations.</source>
        <translation>Imported: {created} new and {updated} updated organisations.</translation>
    </message>
</context>
<context>
    <name>OwnSessionTableModel</name>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Session {n}</source>
        <translation>Session {n}</translation>
    </message>
</context>
<context>
    <name>PartyNoteWidget</name>
    <message>
        <source>{party}: {name}</source>
        <translation>{party}: {name}</translation>
    </message>
    <message>
        <source>Note for {party}</source>
        <translation>Note for {party}</translation>
    </message>
    <message>
        <source>{party}'s confidential note for this session: it can be changed until 24 hours after the session.</source>
        <translation>{party}'s confidential note for this session: it can be changed until 24 hours after the session.</translation>
    </message>
    <message>
        <source>Note message for {party}</source>
        <translation>Note message for {party}</translation>
    </message>
    <message>
        <source>Add amendment…</source>
        <translation>Add amendment…</translation>
    </message>
    <message>
        <source>Add amendment to {party}'s note</source>
        <translation>Add amendment to {party}'s note</translation>
    </message>
    <message>
        <source>Save note</source>
        <translation>Save note</translation>
    </message>
    <message>
        <source>Save {party}'s note</source>
        <translation>Save {party}'s note</translation>
    </message>
    <message>
        <source>Save this party's note (Ctrl+S)</source>
        <translation>Save this party's note (Ctrl+S)</translation>
    </message>
    <message>
        <source>Amendments</source>
        <translation>Amendments</translation>
    </message>
    <message>
        <source>Amendments to {party}'s note</source>
        <translation>Amendments to {party}'s note</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the party's note</source>
        <translation>Save the party's note</translation>
    </message>
    <message>
        <source>The note locked before this text was saved: it is kept here for you to copy into an amendment.</source>
        <translation>The note locked before this text was saved: it is kept here for you to copy into an amendment.</translation>
    </message>
    <message>
        <source>This note was saved elsewhere while you were typing. Your text is kept here; saving it replaces the other version.</source>
        <translation>This note was saved elsewhere while you were typing. Your text is kept here; saving it replaces the other version.</translation>
    </message>
    <message>
        <source>Your text for this session is not saved yet: save it to keep it.</source>
        <translation>Your text for this session is not saved yet: save it to keep it.</translation>
    </message>
    <message>
        <source>{when}, {author}: {text}</source>
        <translation>{when}, {author}: {text}</translation>
    </message>
    <message>
        <source>Loading this party's note for the chosen session…</source>
        <translation>Loading this party's note for the chosen session…</translation>
    </message>
    <message>
        <source>Locked 24 hours after the session: add an amendment instead.</source>
        <translation>Locked 24 hours after the session: add an amendment instead.</translation>
    </message>
    <message>
        <source>Locked: no note was written within 24 hours.</source>
        <translation>Locked: no note was written within 24 hours.</translation>
    </message>
    <message>
        <source>Can be changed until 24 hours after the session.</source>
        <translation>Can be changed until 24 hours after the session.</translation>
    </message>
    <message>
        <source>Nothing to save: write the note first.</source>
        <translation>Nothing to save: write the note first.</translation>
    </message>
    <message>
        <source>No changes to save.</source>
        <translation>No changes to save.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Note saved.</source>
        <translation>Note saved.</translation>
    </message>
    <message>
        <source>Amendment added.</source>
        <translation>Amendment added.</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Not saved: {problem}</translation>
    </message>
</context>
<context>
    <name>PartyTableModel</name>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>How they may be contacted</source>
        <translation>How they may be contacted</translation>
    </message>
    <message>
        <source>Phone {number}, voicemail OK</source>
        <translation>Phone {number}, voicemail OK</translation>
    </message>
    <message>
        <source>Phone {number}, no voicemail</source>
        <translation>Phone {number}, no voicemail</translation>
    </message>
    <message>
        <source>Do not phone</source>
        <translation>Do not phone</translation>
    </message>
    <message>
        <source>letters OK</source>
        <translation>letters OK</translation>
    </message>
    <message>
        <source>no letters</source>
        <translation>no letters</translation>
    </message>
    <message>
        <source>e-mail {address}</source>
        <translation>e-mail {address}</translation>
    </message>
    <message>
        <source>no e-mail</source>
        <translation>no e-mail</translation>
    </message>
    <message>
        <source>may contact at work</source>
        <translation>may contact at work</translation>
    </message>
    <message>
        <source>not at work</source>
        <translation>not at work</translation>
    </message>
</context>
<context>
    <name>PeriodPickerWidget</name>
    <message>
        <source>Quarter or financial year</source>
        <translation>Quarter or financial year</translation>
    </message>
    <message>
        <source>Quarter</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Financial year</source>
        <translation>Financial year</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Quarter of the year</source>
        <translation>Quarter of the year</translation>
    </message>
    <message>
        <source>Period code</source>
        <translation>Period code</translation>
    </message>
    <message>
        <source>&amp;Year</source>
        <translation>&amp;Year</translation>
    </message>
    <message>
        <source>or c&amp;ode</source>
        <translation>or c&amp;ode</translation>
    </message>
    <message>
        <source>The financial year that starts in April of this year</source>
        <translation>The financial year that starts in April of this year</translation>
    </message>
</context>
<context>
    <name>PlaceholderView</name>
    <message>
        <source>This workspace is coming in a later release.</source>
        <translation>This workspace is coming in a later release.</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Current stage</source>
        <translation>Current stage</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Stopping…</translation>
    </message>
</context>
<context>
    <name>RecordReceivedDialog</name>
    <message>
        <source>Record voicemail, e-mail or letter</source>
        <translation>Record voicemail, e-mail or letter</translation>
    </message>
    <message>
        <source>It joins the call-back queue, due when the line is next staffed.</source>
        <translation>It joins the call-back queue, due when the line is next staffed.</translation>
    </message>
    <message>
        <source>What came in</source>
        <translation>What came in</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Received at</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Name to call back</source>
        <translation>Name to call back</translation>
    </message>
    <message>
        <source>Number to call back</source>
        <translation>Number to call back</translation>
    </message>
    <message>
        <source>&amp;What came in</source>
        <translation>&amp;What came in</translation>
    </message>
    <message>
        <source>&amp;Received at</source>
        <translation>&amp;Received at</translation>
    </message>
    <message>
        <source>&amp;Purpose</source>
        <translation>&amp;Purpose</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>N&amp;umber to call</source>
        <translation>N&amp;umber to call</translation>
    </message>
</context>
<context>
    <name>ReleaseTableModel</name>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Released</source>
        <translation>Released</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Fingerprint</translation>
    </message>
</context>
<context>
    <name>RiskPromptDialog</name>
    <message>
        <source>Review risk now</source>
        <translation>Review risk now</translation>
    </message>
    <message>
        <source>Raised by {measure}.</source>
        <translation>Raised by {measure}.</translation>
    </message>
</context>
<context>
    <name>RiskReviewDialog</name>
    <message>
        <source>Review risk</source>
        <translation>Review risk</translation>
    </message>
    <message>
        <source>Risk level now: {level}.</source>
        <translation>Risk level now: {level}.</translation>
    </message>
    <message>
        <source>Risk alerts</source>
        <translation>Risk alerts</translation>
    </message>
    <message>
        <source>No alerts recorded.</source>
        <translation>No alerts recorded.</translation>
    </message>
    <message>
        <source>New risk level</source>
        <translation>New risk level</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>What you assessed, and why the risk is lower now</source>
        <translation>What you assessed, and why the risk is lower now</translation>
    </message>
    <message>
        <source>&amp;Lower to:</source>
        <translation>&amp;Lower to:</translation>
    </message>
    <message>
        <source>&amp;Reason (required):</source>
        <translation>&amp;Reason (required):</translation>
    </message>
    <message>
        <source>&amp;Lower the level</source>
        <translation>&amp;Lower the level</translation>
    </message>
    <message>
        <source>&amp;Alerts and reviews:</source>
        <translation>&amp;Alerts and reviews:</translation>
    </message>
    <message>
        <source>{when} {who}: reviewed, lowered to {level}</source>
        <translation>{when} {who}: reviewed, lowered to {level}</translation>
    </message>
    <message>
        <source>{when} {who}: {level} risk raised</source>
        <translation>{when} {who}: {level} risk raised</translation>
    </message>
</context>
<context>
    <name>RiskUrgencyActions</name>
    <message>
        <source>Urgency is now {urgency}.</source>
        <translation>Urgency is now {urgency}.</translation>
    </message>
    <message>
        <source>Risk level lowered to {level}; your reason is kept with the alerts.</source>
        <translation>Risk level lowered to {level}; your reason is kept with the alerts.</translation>
    </message>
</context>
<context>
    <name>RolePickerWidget</name>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Clinical lead (counsellors only)</source>
        <translation>Clinical lead (counsellors only)</translation>
    </message>
    <message>
        <source>Clinical lead</source>
        <translation>Clinical lead</translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>Change roles</source>
        <translation>Change roles</translation>
    </message>
    <message>
        <source>Roles for {name} ({username}). Removing a role changes the keys it used, which can take a while.</source>
        <translation>Roles for {name} ({username}). Removing a role changes the keys it used, which can take a while.</translation>
    </message>
</context>
<context>
    <name>RoomTableModel</name>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>SeriesPlanTableModel</name>
    <message>
        <source>Week</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>As planned</source>
        <translation>As planned</translation>
    </message>
    <message>
        <source>Alternative (tick to take)</source>
        <translation>Alternative (tick to take)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Not booked</source>
        <translation>Not booked</translation>
    </message>
    <message>
        <source>None found: this week is not booked</source>
        <translation>None found: this week is not booked</translation>
    </message>
    <message>
        <source>{day} {time}, {room}</source>
        <translation>{day} {time}, {room}</translation>
    </message>
</context>
<context>
    <name>SessionRecordWidget</name>
    <message>
        <source>Session message</source>
        <translation>Session message</translation>
    </message>
    <message>
        <source>Choose a session from the list.</source>
        <translation>Choose a session from the list.</translation>
    </message>
    <message>
        <source>Session against the allowance</source>
        <translation>Session against the allowance</translation>
    </message>
    <message>
        <source>A&amp;ttended</source>
        <translation>A&amp;ttended</translation>
    </message>
    <message>
        <source>Attended</source>
        <translation>Attended</translation>
    </message>
    <message>
        <source>&amp;Did not attend</source>
        <translation>&amp;Did not attend</translation>
    </message>
    <message>
        <source>Did not attend</source>
        <translation>Did not attend</translation>
    </message>
    <message>
        <source>Session note</source>
        <translation>Session note</translation>
    </message>
    <message>
        <source>The session note: it can be changed until 24 hours after the session.</source>
        <translation>The session note: it can be changed until 24 hours after the session.</translation>
    </message>
    <message>
        <source>Add a&amp;mendment…</source>
        <translation>Add a&amp;mendment…</translation>
    </message>
    <message>
        <source>Add amendment</source>
        <translation>Add amendment</translation>
    </message>
    <message>
        <source>Amendments</source>
        <translation>Amendments</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Measures taken at this session</source>
        <translation>Measures taken at this session</translation>
    </message>
    <message>
        <source>&amp;Save session</source>
        <translation>&amp;Save session</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Save session</translation>
    </message>
    <message>
        <source>Save attendance, note and measures (Ctrl+S)</source>
        <translation>Save attendance, note and measures (Ctrl+S)</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save the session's attendance, note and measures</source>
        <translation>Save the session's attendance, note and measures</translation>
    </message>
    <message>
        <source>Session {n}</source>
        <translation>Session {n}</translation>
    </message>
    <message>
        <source>Assessment</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>{what} on {when}</source>
        <translation>{what} on {when}</translation>
    </message>
    <message>
        <source>Measures taken at this session ({date})</source>
        <translation>Measures taken at this session ({date})</translation>
    </message>
    <message>
        <source>{when}, {author}: {text}</source>
        <translation>{when}, {author}: {text}</translation>
    </message>
    <message>
        <source>Session {n} of {allowed} against the allowance</source>
        <translation>Session {n} of {allowed} against the allowance</translation>
    </message>
    <message>
        <source>{allowed} sessions allowed</source>
        <translation>{allowed} sessions allowed</translation>
    </message>
    <message>
        <source>{position}: {used} used, {booked} booked, {left} left (year {start} to {end}).</source>
        <translation>{position}: {used} used, {booked} booked, {left} left (year {start} to {end}).</translation>
    </message>
    <message>
        <source>Cancelled: nothing to record.</source>
        <translation>Cancelled: nothing to record.</translation>
    </message>
    <message>
        <source>The case is closed.</source>
        <translation>The case is closed.</translation>
    </message>
    <message>
        <source>Attendance can be recorded once the session has started.</source>
        <translation>Attendance can be recorded once the session has started.</translation>
    </message>
    <message>
        <source>Locked 24 hours after the session: add an amendment instead.</source>
        <translation>Locked 24 hours after the session: add an amendment instead.</translation>
    </message>
    <message>
        <source>Locked: no note was written within 24 hours.</source>
        <translation>Locked: no note was written within 24 hours.</translation>
    </message>
    <message>
        <source>Can be changed until 24 hours after the session.</source>
        <translation>Can be changed until 24 hours after the session.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>{measure} {total} ({band})</source>
        <translation>{measure} {total} ({band})</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Not saved: {problem}</translation>
    </message>
    <message>
        <source>Amendment added on {date}.</source>
        <translation>Amendment added on {date}.</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings message</source>
        <translation>Settings message</translation>
    </message>
    <message>
        <source>&amp;Save settings</source>
        <translation>&amp;Save settings</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vert</translation>
    </message>
    <message>
        <source>Revert settings</source>
        <translation>Revert settings</translation>
    </message>
    <message>
        <source>{closes} must be later than {opens}.</source>
        <translation>{closes} must be later than {opens}.</translation>
    </message>
    <message>
        <source>Nothing has changed.</source>
        <translation>Nothing has changed.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>These keys work in SupportLine now; a workspace's keys work while it is showing, and a form's keys while the form is open. Everywhere, Tab and Shift+Tab move between fields, and Alt with the underlined letter of a button or label presses or goes to it.</source>
        <translation>These keys work in SupportLine now; a workspace's keys work while it is showing, and a form's keys while the form is open. Everywhere, Tab and Shift+Tab move between fields, and Alt with the underlined letter of a button or label presses or goes to it.</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>What they do</translation>
    </message>
<message><source>Everywhere</source><translation>Everywhere</translation></message></context>
<context>
    <name>SlotTableModel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Counsellor</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>Room</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Statistics message</source>
        <translation>Statistics message</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>&amp;Table</source>
        <translation>&amp;Table</translation>
    </message>
    <message>
        <source>&amp;Period</source>
        <translation>&amp;Period</translation>
    </message>
    <message>
        <source>Release state</source>
        <translation>Release state</translation>
    </message>
    <message>
        <source>Statistics table</source>
        <translation>Statistics table</translation>
    </message>
    <message>
        <source>Provisional figures</source>
        <translation>Provisional figures</translation>
    </message>
    <message>
        <source>How the figures are protected</source>
        <translation>How the figures are protected</translation>
    </message>
    <message>
        <source>Release register</source>
        <translation>Release register</translation>
    </message>
    <message>
        <source>Each release records exactly what was published and freezes its period: released figures never change, and records that arrive late count in the next open period.</source>
        <translation>Each release records exactly what was published and freezes its period: released figures never change, and records that arrive late count in the next open period.</translation>
    </message>
    <message>
        <source>&amp;Figures</source>
        <translation>&amp;Figures</translation>
    </message>
    <message>
        <source>Release &amp;register</source>
        <translation>Release &amp;register</translation>
    </message>
    <message>
        <source>Evaluation comments</source>
        <translation>Evaluation comments</translation>
    </message>
    <message>
        <source>For the service manager's eyes only. These comments are never exported and never appear in any table or report. Do not copy them elsewhere.</source>
        <translation>For the service manager's eyes only. These comments are never exported and never appear in any table or report. Do not copy them elsewhere.</translation>
    </message>
    <message>
        <source>&amp;Comments (never exported)</source>
        <translation>&amp;Comments (never exported)</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xport CSV…</translation>
    </message>
    <message>
        <source>Re&amp;lease…</source>
        <translation>Re&amp;lease…</translation>
    </message>
    <message>
        <source>&amp;Quarterly report PDF…</source>
        <translation>&amp;Quarterly report PDF…</translation>
    </message>
    <message>
        <source>&amp;Usage report for an organisation…</source>
        <translation>&amp;Usage report for an organisation…</translation>
    </message>
    <message>
        <source>{title}: {period} ({code})</source>
        <translation>{title}: {period} ({code})</translation>
    </message>
    <message>
        <source>Not released</source>
        <translation>Not released</translation>
    </message>
    <message>
        <source>Released {when} by {who}: frozen</source>
        <translation>Released {when} by {who}: frozen</translation>
    </message>
    <message>
        <source>No comments were written on the forms for {period}.</source>
        <translation>No comments were written on the forms for {period}.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>The file could not be saved there: choose another folder.</source>
        <translation>The file could not be saved there: choose another folder.</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>Exported to {path}.</translation>
    </message>
    <message>
        <source>Release these figures?</source>
        <translation>Release these figures?</translation>
    </message>
    <message>
        <source>Release “{title}” for {period} ({code})?

Releasing records exactly these figures in the release register and freezes the period: they will never change, and records that arrive late will count in the next open period. This cannot be undone.</source>
        <translation>Release “{title}” for {period} ({code})?

Releasing records exactly these figures in the release register and freezes the period: they will never change, and records that arrive late will count in the next open period. This cannot be undone.</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
    <message>
        <source>Releasing…</source>
        <translation>Releasing…</translation>
    </message>
    <message>
        <source>Released “{title}” for {code}. The period is now frozen.</source>
        <translation>Released “{title}” for {code}. The period is now frozen.</translation>
    </message>
    <message>
        <source>Preparing the quarterly report…</source>
        <translation>Preparing the quarterly report…</translation>
    </message>
    <message>
        <source>Quarterly report, {period}</source>
        <translation>Quarterly report, {period}</translation>
    </message>
    <message>
        <source>Finding the organisations…</source>
        <translation>Finding the organisations…</translation>
    </message>
    <message>
        <source>Preparing the usage report…</source>
        <translation>Preparing the usage report…</translation>
    </message>
    <message>
        <source>Usage report: {organisation}, {period}</source>
        <translation>Usage report: {organisation}, {period}</translation>
    </message>
    <message>
        <source>The report is ready: check it in the preview, then save or print it.</source>
        <translation>The report is ready: check it in the preview, then save or print it.</translation>
    </message>
    <message>
        <source>“{text}” is not a period. {hint}</source>
        <translation>“{text}” is not a period. {hint}</translation>
    </message>
</context>
<context>
    <name>StatsChartWidget</name>
    <message>
        <source>Chart of the table</source>
        <translation>Chart of the table</translation>
    </message>
    <message>
        <source>Count as published</source>
        <translation>Count as published</translation>
    </message>
    <message>
        <source>Nothing was recorded in this period.</source>
        <translation>Nothing was recorded in this period.</translation>
    </message>
    <message>
        <source>{row} ({column})</source>
        <translation>{row} ({column})</translation>
    </message>
    <message>
        <source>{names} and {count} more</source>
        <translation>{names} and {count} more</translation>
    </message>
    <message>
        <source>Hidden figures are not drawn (they are not zero): {names}.</source>
        <translation>Hidden figures are not drawn (they are not zero): {names}.</translation>
    </message>
</context>
<context>
    <name>StatsFiles</name>
    <message>
        <source>Export table as CSV</source>
        <translation>Export table as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
</context>
<context>
    <name>StatsTableModel</name>
    <message>
        <source>{value}: {share} of the total</source>
        <translation>{value}: {share} of the total</translation>
    </message>
    <message>
        <source>{value}: {share} of the row total</source>
        <translation>{value}: {share} of the row total</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>hidden</translation>
    </message>
</context>
<context>
    <name>TemporaryPasswordDialog</name>
    <message>
        <source>Temporary password</source>
        <translation>Temporary password</translation>
    </message>
    <message>
        <source>The temporary password for {username} is below. It is shown only once: give it to them privately. They must choose a new one when they sign in.</source>
        <translation>The temporary password for {username} is below. It is shown only once: give it to them privately. They must choose a new one when they sign in.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>SupportLine – Sign in</source>
        <translation>SupportLine – Sign in</translation>
    </message>
    <message>
        <source>Sign in to SupportLine</source>
        <translation>Sign in to SupportLine</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Username:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Sign-in message</translation>
    </message>
    <message>
        <source>Data: {path}</source>
        <translation>Data: {path}</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Data directory</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>Enter your username and password.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>You can try again now.</translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before trying again.</source>
        <translation><numerusform>Please wait %n second before trying again.</numerusform><numerusform>Please wait %n seconds before trying again.</numerusform></translation>
    </message>
</context>
<context>
    <name>UrgencyDialog</name>
    <message>
        <source>Change urgency</source>
        <translation>Change urgency</translation>
    </message>
    <message>
        <source>Now: {urgency}. Client's risk level: {risk}.</source>
        <translation>Now: {urgency}. Client's risk level: {risk}.</translation>
    </message>
    <message>
        <source>At this risk level a case is {floor} unless you give a reason.</source>
        <translation>At this risk level a case is {floor} unless you give a reason.</translation>
    </message>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Needed to make it less urgent</source>
        <translation>Needed to make it less urgent</translation>
    </message>
    <message>
        <source>Urgency history</source>
        <translation>Urgency history</translation>
    </message>
    <message>
        <source>No changes recorded.</source>
        <translation>No changes recorded.</translation>
    </message>
    <message>
        <source>&amp;Urgency:</source>
        <translation>&amp;Urgency:</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Change</source>
        <translation>&amp;Change</translation>
    </message>
    <message>
        <source>History:</source>
        <translation>History:</translation>
    </message>
    <message>
        <source>{when} {who}: opened as {urgency}</source>
        <translation>{when} {who}: opened as {urgency}</translation>
    </message>
    <message>
        <source>{when}: {previous} → {urgency} because of the risk level</source>
        <translation>{when}: {previous} → {urgency} because of the risk level</translation>
    </message>
    <message>
        <source>{when} {who}: {previous} → {urgency}</source>
        <translation>{when} {who}: {previous} → {urgency}</translation>
    </message>
    <message>
        <source>Making it less urgent needs a reason (a few words).</source>
        <translation>Making it less urgent needs a reason (a few words).</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Counsellor profile</source>
        <translation>Counsellor profile</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>Active (must change password)</source>
        <translation>Active (must change password)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Active</translation>
    </message>
    <message>
        <source> (clinical lead)</source>
        <translation> (clinical lead)</translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>Users message</source>
        <translation>Users message</translation>
    </message>
    <message>
        <source>Filter users</source>
        <translation>Filter users</translation>
    </message>
    <message>
        <source>Filter by username, name or role…</source>
        <translation>Filter by username, name or role…</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>&amp;Add user…</translation>
    </message>
    <message>
        <source>Change &amp;roles…</source>
        <translation>Change &amp;roles…</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>Reset &amp;password…</translation>
    </message>
    <message>
        <source>&amp;Disable user…</source>
        <translation>&amp;Disable user…</translation>
    </message>
    <message>
        <source>Link &amp;counsellor profile…</source>
        <translation>Link &amp;counsellor profile…</translation>
    </message>
    <message>
        <source>Rotate all &amp;keys…</source>
        <translation>Rotate all &amp;keys…</translation>
    </message>
    <message>
        <source>Only a user with the counsellor role can be linked to a counsellor profile.</source>
        <translation>Only a user with the counsellor role can be linked to a counsellor profile.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <source>The stores are being re-encrypted under new keys. Please leave SupportLine open until this finishes.</source>
        <translation>The stores are being re-encrypted under new keys. Please leave SupportLine open until this finishes.</translation>
    </message>
    <message>
        <source>{name} ({username}) can now sign in.</source>
        <translation>{name} ({username}) can now sign in.</translation>
    </message>
    <message>
        <source>Roles changed for {username}.</source>
        <translation>Roles changed for {username}.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>Give {username} a new temporary password? Their current password will stop working.</source>
        <translation>Give {username} a new temporary password? Their current password will stop working.</translation>
    </message>
    <message>
        <source>{username} has a temporary password and must change it when they sign in.</source>
        <translation>{username} has a temporary password and must change it when they sign in.</translation>
    </message>
    <message>
        <source>Disable user</source>
        <translation>Disable user</translation>
    </message>
    <message>
        <source>Disable {name} ({username})? They will no longer be able to sign in, and every key they held is replaced. This can take a while.</source>
        <translation>Disable {name} ({username})? They will no longer be able to sign in, and every key they held is replaced. This can take a while.</translation>
    </message>
    <message>
        <source>Disabling {username}</source>
        <translation>Disabling {username}</translation>
    </message>
    <message>
        <source>{username} is disabled and the keys they held have been replaced.</source>
        <translation>{username} is disabled and the keys they held have been replaced.</translation>
    </message>
    <message>
        <source>Rotate all keys</source>
        <translation>Rotate all keys</translation>
    </message>
    <message>
        <source>Replace every key and re-encrypt both stores? Do this after a suspected compromise. It can take a while.</source>
        <translation>Replace every key and re-encrypt both stores? Do this after a suspected compromise. It can take a while.</translation>
    </message>
    <message>
        <source>Rotate keys</source>
        <translation>Rotate keys</translation>
    </message>
    <message>
        <source>Rotating all keys</source>
        <translation>Rotating all keys</translation>
    </message>
    <message>
        <source>Every key has been replaced.</source>
        <translation>Every key has been replaced.</translation>
    </message>
    <message>
        <source>{name} (linked to {username})</source>
        <translation>{name} (linked to {username})</translation>
    </message>
    <message>
        <source>Link counsellor profile</source>
        <translation>Link counsellor profile</translation>
    </message>
    <message>
        <source>The counsellor profile {username} works as: its caseload and diary are theirs.</source>
        <translation>The counsellor profile {username} works as: its caseload and diary are theirs.</translation>
    </message>
    <message>
        <source>{username} is no longer linked to a counsellor profile.</source>
        <translation>{username} is no longer linked to a counsellor profile.</translation>
    </message>
    <message>
        <source>{username} is linked to {name}: they see its caseload and diary.</source>
        <translation>{username} is linked to {name}: they see its caseload and diary.</translation>
    </message>
</context>
<context>
    <name>VenueTableModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Rooms</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Access</translation>
    </message>
</context>
<context>
    <name>VenuesView</name>
    <message>
        <source>Venues message</source>
        <translation>Venues message</translation>
    </message>
    <message>
        <source>Filter venues</source>
        <translation>Filter venues</translation>
    </message>
    <message>
        <source>Filter by name, district or access…</source>
        <translation>Filter by name, district or access…</translation>
    </message>
    <message>
        <source>Venues</source>
        <translation>Venues</translation>
    </message>
    <message>
        <source>&amp;New venue</source>
        <translation>&amp;New venue</translation>
    </message>
    <message>
        <source>&amp;Deactivate</source>
        <translation>&amp;Deactivate</translation>
    </message>
    <message>
        <source>&amp;Import venues from CSV…</source>
        <translation>&amp;Import venues from CSV…</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>Venue</translation>
    </message>
    <message>
        <source>Details and &amp;hours</source>
        <translation>Details and &amp;hours</translation>
    </message>
    <message>
        <source>R&amp;ooms and closures</source>
        <translation>R&amp;ooms and closures</translation>
    </message>
    <message>
        <source>Venue details</source>
        <translation>Venue details</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Town</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>Postcode</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Choose a district</source>
        <translation>Choose a district</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>&amp;Step-free access</source>
        <translation>&amp;Step-free access</translation>
    </message>
    <message>
        <source>&amp;Hearing loop</source>
        <translation>&amp;Hearing loop</translation>
    </message>
    <message>
        <source>&amp;Parking</source>
        <translation>&amp;Parking</translation>
    </message>
    <message>
        <source>&amp;Code:</source>
        <translation>&amp;Code:</translation>
    </message>
    <message>
        <source>Na&amp;me:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>A&amp;ddress:</source>
        <translation>A&amp;ddress:</translation>
    </message>
    <message>
        <source>&amp;Town:</source>
        <translation>&amp;Town:</translation>
    </message>
    <message>
        <source>P&amp;ostcode:</source>
        <translation>P&amp;ostcode:</translation>
    </message>
    <message>
        <source>D&amp;istrict:</source>
        <translation>D&amp;istrict:</translation>
    </message>
    <message>
        <source>&amp;Latitude, longitude:</source>
        <translation>&amp;Latitude, longitude:</translation>
    </message>
    <message>
        <source>Access:</source>
        <translation>Access:</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>Opens</source>
        <translation>Opens</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>Closes</translation>
    </message>
    <message>
        <source>Open on {day}</source>
        <translation>Open on {day}</translation>
    </message>
    <message>
        <source>{day} opens at</source>
        <translation>{day} opens at</translation>
    </message>
    <message>
        <source>{day} closes at</source>
        <translation>{day} closes at</translation>
    </message>
    <message>
        <source>&amp;Save venue</source>
        <translation>&amp;Save venue</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>Re&amp;vert</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Rooms</translation>
    </message>
    <message>
        <source>New room name</source>
        <translation>New room name</translation>
    </message>
    <message>
        <source>Add &amp;room</source>
        <translation>Add &amp;room</translation>
    </message>
    <message>
        <source>Deactivate r&amp;oom</source>
        <translation>Deactivate r&amp;oom</translation>
    </message>
    <message>
        <source>Closure dates</source>
        <translation>Closure dates</translation>
    </message>
    <message>
        <source>Closed from</source>
        <translation>Closed from</translation>
    </message>
    <message>
        <source>Closed until</source>
        <translation>Closed until</translation>
    </message>
    <message>
        <source>Reason for closure</source>
        <translation>Reason for closure</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>Reason (optional)</translation>
    </message>
    <message>
        <source>Add c&amp;losure</source>
        <translation>Add c&amp;losure</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Closed &amp;from:</source>
        <translation>Closed &amp;from:</translation>
    </message>
    <message>
        <source>R&amp;eason:</source>
        <translation>R&amp;eason:</translation>
    </message>
    <message>
        <source>Re&amp;activate</source>
        <translation>Re&amp;activate</translation>
    </message>
    <message>
        <source>Reactivate r&amp;oom</source>
        <translation>Reactivate r&amp;oom</translation>
    </message>
    <message>
        <source>Venue details: {name}</source>
        <translation>Venue details: {name}</translation>
    </message>
    <message>
        <source>New venue</source>
        <translation>New venue</translation>
    </message>
    <message>
        <source>No closures.</source>
        <translation>No closures.</translation>
    </message>
    <message>
        <source>{name} saved.</source>
        <translation>{name} saved.</translation>
    </message>
    <message>
        <source>{name} is active again.</source>
        <translation>{name} is active again.</translation>
    </message>
    <message>
        <source>{name} is inactive and will not be offered for bookings.</source>
        <translation>{name} is inactive and will not be offered for bookings.</translation>
    </message>
    <message>
        <source>Room {room} added to {venue}.</source>
        <translation>Room {room} added to {venue}.</translation>
    </message>
    <message>
        <source>{room} is available again.</source>
        <translation>{room} is available again.</translation>
    </message>
    <message>
        <source>{room} is deactivated: nothing new is booked there.</source>
        <translation>{room} is deactivated: nothing new is booked there.</translation>
    </message>
    <message>
        <source>The closure cannot end before it starts.</source>
        <translation>The closure cannot end before it starts.</translation>
    </message>
    <message>
        <source>Add closures of at most a year at a time; deactivate a venue that closes for longer.</source>
        <translation>Add closures of at most a year at a time; deactivate a venue that closes for longer.</translation>
    </message>
    <message>
        <source>{name} is closed on {day}.</source>
        <translation>{name} is closed on {day}.</translation>
    </message>
    <message>
        <source>{name} is closed from {first} to {last}.</source>
        <translation>{name} is closed from {first} to {last}.</translation>
    </message>
    <message>
        <source>Import venues from CSV</source>
        <translation>Import venues from CSV</translation>
    </message>
    <message>
        <source>Imported: {created} new and {updated} updated venues.</source>
        <translation>Imported: {created} new and {updated} updated venues.</translation>
    </message>
</context>
<context>
    <name>WaitingListTableModel</name>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risk</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Reference</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>Initials</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>1 day</source>
        <translation>1 day</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>{gender} counsellor</source>
        <translation>{gender} counsellor</translation>
    </message>
    <message>
        <source>Outside Kent</source>
        <translation>Outside Kent</translation>
    </message>
</context>
<context>
    <name>WaitingListView</name>
    <message>
        <source>Any</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>Waiting list message</source>
        <translation>Waiting list message</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Counsellor gender</source>
        <translation>Counsellor gender</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>Any language</translation>
    </message>
    <message>
        <source>&amp;Service</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <source>&amp;District</source>
        <translation>&amp;District</translation>
    </message>
    <message>
        <source>Counsellor &amp;gender</source>
        <translation>Counsellor &amp;gender</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>Waiting list</source>
        <translation>Waiting list</translation>
    </message>
    <message>
        <source>Number waiting</source>
        <translation>Number waiting</translation>
    </message>
    <message>
        <source>&amp;Book…</source>
        <translation>&amp;Book…</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>Book</translation>
    </message>
    <message>
        <source>Change &amp;urgency…</source>
        <translation>Change &amp;urgency…</translation>
    </message>
    <message>
        <source>Change urgency</source>
        <translation>Change urgency</translation>
    </message>
    <message>
        <source>Review &amp;risk…</source>
        <translation>Review &amp;risk…</translation>
    </message>
    <message>
        <source>Review risk</source>
        <translation>Review risk</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation><numerusform>%n waiting</numerusform><numerusform>%n waiting</numerusform></translation>
    </message>
    <message>
        <source>Booking opens here in the booking release.</source>
        <translation>Booking opens here in the booking release.</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Fully booked for the next %n week(s): search further ahead.</source>
        <translation>Fully booked for the next %n week(s): search further ahead.</translation>
    </message>
<message><source>A key rotation is still in progress. Sign in again as an administrator to finish it.</source><translation>A key rotation is still in progress. Sign in again as an administrator to finish it.</translation></message><message><source>Address</source><translation>Address</translation></message><message><source>Allowance reached: a clinical lead must authorise more.</source><translation>Allowance reached: a clinical lead must authorise more.</translation></message><message><source>An administrator changed your access while you were signed in. Sign in again.</source><translation>An administrator changed your access while you were signed in. Sign in again.</translation></message><message><source>An administrator is changing keys; try again in a moment. Nothing was saved, and what you typed is still here.</source><translation>An administrator is changing keys; try again in a moment. Nothing was saved, and what you typed is still here.</translation></message><message><source>Authorise between 1 and 500 extra sessions.</source><translation>Authorise between 1 and 500 extra sessions.</translation></message><message><source>Channel</source><translation>Channel</translation></message><message><source>Client</source><translation>Client</translation></message><message><source>Clinical lead can only be given together with the counsellor role.</source><translation>Clinical lead can only be given together with the counsellor role.</translation></message><message><source>Contact at work allowed</source><translation>Contact at work allowed</translation></message><message><source>Date of birth</source><translation>Date of birth</translation></message><message><source>Direction</source><translation>Direction</translation></message><message><source>E-mail</source><translation>E-mail</translation></message><message><source>E-mail allowed</source><translation>E-mail allowed</translation></message><message><source>End time</source><translation>End time</translation></message><message><source>First name</source><translation>First name</translation></message><message><source>Gender</source><translation>Gender</translation></message><message><source>Give the reason for the extra sessions (a few words).</source><translation>Give the reason for the extra sessions (a few words).</translation></message><message><source>Home postcode</source><translation>Home postcode</translation></message><message><source>Job role</source><translation>Job role</translation></message><message><source>Last name</source><translation>Last name</translation></message><message><source>Letters allowed</source><translation>Letters allowed</translation></message><message><source>Merge</source><translation>Merge</translation></message><message><source>Name to call back</source><translation>Name to call back</translation></message><message><source>Needs a hearing loop</source><translation>Needs a hearing loop</translation></message><message><source>Needs parking</source><translation>Needs parking</translation></message><message><source>Needs step-free access</source><translation>Needs step-free access</translation></message><message><source>No SupportLine data found in {path}. Run `supportline init` or `supportline demo`.</source><translation>No SupportLine data found in {path}. Run `supportline init` or `supportline demo`.</translation></message><message><source>No SupportLine data was found here. Run `supportline init` or `supportline demo`.</source><translation>No SupportLine data was found here. Run `supportline init` or `supportline demo`.</translation></message><message><source>No counsellor nearby works at the times the client can come: widen the days or times.</source><translation>No counsellor nearby works at the times the client can come: widen the days or times.</translation></message><message><source>No counsellor offering {service} works within {km} km.</source><translation>No counsellor offering {service} works within {km} km.</translation></message><message><source>No counsellor offers {service}.</source><translation>No counsellor offers {service}.</translation></message><message><source>No home postcode is recorded for this client, so distances cannot be worked out. Add it, or search near work.</source><translation>No home postcode is recorded for this client, so distances cannot be worked out. Add it, or search near work.</translation></message><message><source>No venue has {need}.</source><translation>No venue has {need}.</translation></message><message><source>No venue with a room is open.</source><translation>No venue with a room is open.</translation></message><message><source>No venue within {km} km has {need}.</source><translation>No venue within {km} km has {need}.</translation></message><message><source>No venue within {km} km.</source><translation>No venue within {km} km.</translation></message><message><source>No work postcode is recorded for this client, so distances cannot be worked out. Add it, or search near home.</source><translation>No work postcode is recorded for this client, so distances cannot be worked out. Add it, or search near home.</translation></message><message><source>No {gender} counsellor at any venue.</source><translation>No {gender} counsellor at any venue.</translation></message><message><source>No {gender} counsellor within {km} km.</source><translation>No {gender} counsellor within {km} km.</translation></message><message><source>No {language}-speaking counsellor at any venue.</source><translation>No {language}-speaking counsellor at any venue.</translation></message><message><source>No {language}-speaking counsellor within {km} km.</source><translation>No {language}-speaking counsellor within {km} km.</translation></message><message><source>Not eligible on {date}: {reason}. Nothing was booked.</source><translation>Not eligible on {date}: {reason}. Nothing was booked.</translation></message><message><source>Not possible: {reason}.</source><translation>Not possible: {reason}.</translation></message><message><source>Not saved: someone else saved this record while you were editing it and changed {fields}. What you typed is still here: reopen the record to see their change, then make yours again.</source><translation>Not saved: someone else saved this record while you were editing it and changed {fields}. What you typed is still here: reopen the record to see their change, then make yours again.</translation></message><message><source>Not saved: someone else saved this record while you were editing it. What you typed is still here: reopen the record to see the latest version, then make your change again.</source><translation>Not saved: someone else saved this record while you were editing it. What you typed is still here: reopen the record to see the latest version, then make your change again.</translation></message><message><source>Nothing fits these choices: widen the search.</source><translation>Nothing fits these choices: widen the search.</translation></message><message><source>Nothing is still booked in that series.</source><translation>Nothing is still booked in that series.</translation></message><message><source>Number to call back</source><translation>Number to call back</translation></message><message><source>Number we may call</source><translation>Number we may call</translation></message><message><source>Only the client's own counsellor or a clinical lead can lower their risk level.</source><translation>Only the client's own counsellor or a clinical lead can lower their risk level.</translation></message><message><source>Organisation</source><translation>Organisation</translation></message><message><source>Other copies of SupportLine are saving; try again in a moment. Nothing was changed.</source><translation>Other copies of SupportLine are saving; try again in a moment. Nothing was changed.</translation></message><message><source>Other phone</source><translation>Other phone</translation></message><message><source>Other sign-in attempts to this data are in progress. Try again in a minute.</source><translation>Other sign-in attempts to this data are in progress. Try again in a minute.</translation></message><message><source>Outcome</source><translation>Outcome</translation></message><message><source>Passwords must be at least 10 characters long.</source><translation>Passwords must be at least 10 characters long.</translation></message><message><source>Phone</source><translation>Phone</translation></message><message><source>Preferred counsellor gender</source><translation>Preferred counsellor gender</translation></message><message><source>Preferred language</source><translation>Preferred language</translation></message><message><source>Preferred name</source><translation>Preferred name</translation></message><message><source>Presenting issues</source><translation>Presenting issues</translation></message><message><source>Purpose</source><translation>Purpose</translation></message><message><source>Reason for lowering the urgency</source><translation>Reason for lowering the urgency</translation></message><message><source>Reason for the review</source><translation>Reason for the review</translation></message><message><source>Reason to go ahead</source><translation>Reason to go ahead</translation></message><message><source>Referral</source><translation>Referral</translation></message><message><source>Referral route</source><translation>Referral route</translation></message><message><source>Refused: that would leave SupportLine with no administrator.</source><translation>Refused: that would leave SupportLine with no administrator.</translation></message><message><source>Refused: the key store (keystore.json) holds a key or certificate that no administrator signed; it has been edited. Nothing was changed. Restore it from a backup.</source><translation>Refused: the key store (keystore.json) holds a key or certificate that no administrator signed; it has been edited. Nothing was changed. Restore it from a backup.</translation></message><message><source>Refused: the key store (keystore.json) holds a key rotation plan that no administrator signed; it has been edited. Nothing was changed. Restore it from a backup.</source><translation>Refused: the key store (keystore.json) holds a key rotation plan that no administrator signed; it has been edited. Nothing was changed. Restore it from a backup.</translation></message><message><source>Risk level</source><translation>Risk level</translation></message><message><source>Service</source><translation>Service</translation></message><message><source>Several counsellor profiles are called {name}.</source><translation>Several counsellor profiles are called {name}.</translation></message><message><source>Signposted to</source><translation>Signposted to</translation></message><message><source>Something went wrong; nothing was saved.</source><translation>Something went wrong; nothing was saved.</translation></message><message><source>Stopped before the end; nothing was lost.</source><translation>Stopped before the end; nothing was lost.</translation></message><message><source>That PDF is not the Support Line information sheet; nothing was entered.</source><translation>That PDF is not the Support Line information sheet; nothing was entered.</translation></message><message><source>That PDF is password-protected; nothing was entered.</source><translation>That PDF is password-protected; nothing was entered.</translation></message><message><source>That agreement has no limit on sessions: nothing to authorise.</source><translation>That agreement has no limit on sessions: nothing to authorise.</translation></message><message><source>That agreement no longer exists.</source><translation>That agreement no longer exists.</translation></message><message><source>That appointment has never been moved.</source><translation>That appointment has never been moved.</translation></message><message><source>That appointment has not been cancelled.</source><translation>That appointment has not been cancelled.</translation></message><message><source>That appointment is no longer booked, so this letter does not apply.</source><translation>That appointment is no longer booked, so this letter does not apply.</translation></message><message><source>That appointment is not part of a weekly series.</source><translation>That appointment is not part of a weekly series.</translation></message><message><source>That appointment no longer exists.</source><translation>That appointment no longer exists.</translation></message><message><source>That call-back has already been logged by someone else.</source><translation>That call-back has already been logged by someone else.</translation></message><message><source>That case no longer exists.</source><translation>That case no longer exists.</translation></message><message><source>That client record no longer exists.</source><translation>That client record no longer exists.</translation></message><message><source>That diary no longer exists.</source><translation>That diary no longer exists.</translation></message><message><source>That file cannot be read; nothing was entered.</source><translation>That file cannot be read; nothing was entered.</translation></message><message><source>That file is not a readable PDF; nothing was entered.</source><translation>That file is not a readable PDF; nothing was entered.</translation></message><message><source>That file is too large to be an information sheet; nothing was entered.</source><translation>That file is too large to be an information sheet; nothing was entered.</translation></message><message><source>That information sheet has not been filled in; nothing was entered.</source><translation>That information sheet has not been filled in; nothing was entered.</translation></message><message><source>That is not an ordinary file (it is a pipe, a device or a folder): choose a file. Nothing was read or changed.</source><translation>That is not an ordinary file (it is a pipe, a device or a folder): choose a file. Nothing was read or changed.</translation></message><message><source>That letter does not apply to this appointment.</source><translation>That letter does not apply to this appointment.</translation></message><message><source>That range of dates cannot be shown or exported.</source><translation>That range of dates cannot be shown or exported.</translation></message><message><source>That time has just been taken; pick another.</source><translation>That time has just been taken; pick another.</translation></message><message><source>That username is already taken. Choose another one.</source><translation>That username is already taken. Choose another one.</translation></message><message><source>The chosen counsellor does not offer this service within {km} km.</source><translation>The chosen counsellor does not offer this service within {km} km.</translation></message><message><source>The chosen counsellor does not offer this service.</source><translation>The chosen counsellor does not offer this service.</translation></message><message><source>The client has no sessions left this year.</source><translation>The client has no sessions left this year.</translation></message><message><source>The encryption library is missing. Please reinstall SupportLine.</source><translation>The encryption library is missing. Please reinstall SupportLine.</translation></message><message><source>The key store (keystore.json) is damaged or is not a SupportLine key store. Restore it from a backup.</source><translation>The key store (keystore.json) is damaged or is not a SupportLine key store. Restore it from a backup.</translation></message><message><source>The key store (keystore.json) was made by an earlier version of SupportLine, before key slots were certified. This version cannot open it.</source><translation>The key store (keystore.json) was made by an earlier version of SupportLine, before key slots were certified. This version cannot open it.</translation></message><message><source>The organisation's purchased sessions are used up: {used} of {allowed} used under its agreement {start} to {end}, {wanted} more wanted. An administrator must authorise more sessions; nothing was booked.</source><translation>The organisation's purchased sessions are used up: {used} of {allowed} used under its agreement {start} to {end}, {wanted} more wanted. An administrator must authorise more sessions; nothing was booked.</translation></message><message><source>The username or password is not right.</source><translation>The username or password is not right.</translation></message><message><source>The {store} store cannot be read: it may be damaged or belong to another key store.</source><translation>The {store} store cannot be read: it may be damaged or belong to another key store.</translation></message><message><source>There is no counsellor profile called {name}.</source><translation>There is no counsellor profile called {name}.</translation></message><message><source>There is no postal address on record for this client, so no letter can be sent.</source><translation>There is no postal address on record for this client, so no letter can be sent.</translation></message><message><source>There is no such user.</source><translation>There is no such user.</translation></message><message><source>This case's notes have not been handed over to you yet. They open after the next sign-in of a clinical lead or an administrator.</source><translation>This case's notes have not been handed over to you yet. They open after the next sign-in of a clinical lead or an administrator.</translation></message><message><source>This case's notes key has been altered in the data files, so it is not used. Ask an administrator to run a verify.</source><translation>This case's notes key has been altered in the data files, so it is not used. Ask an administrator to run a verify.</translation></message><message><source>This client has asked not to receive letters.</source><translation>This client has asked not to receive letters.</translation></message><message><source>This data may have been tampered with: a store does not match what the key store (keystore.json) vouches for, or its record there was deleted. Nothing was changed. An administrator should run `supportline verify` and restore the latest good backup.</source><translation>This data may have been tampered with: a store does not match what the key store (keystore.json) vouches for, or its record there was deleted. Nothing was changed. An administrator should run `supportline verify` and restore the latest good backup.</translation></message><message><source>This data was written by a newer version of SupportLine. Please upgrade first.</source><translation>This data was written by a newer version of SupportLine. Please upgrade first.</translation></message><message><source>This person may already have a record: check the possible matches first.</source><translation>This person may already have a record: check the possible matches first.</translation></message><message><source>Those extra sessions cannot be authorised.</source><translation>Those extra sessions cannot be authorised.</translation></message><message><source>Too many failed sign-ins. Wait a little, then try again.</source><translation>Too many failed sign-ins. Wait a little, then try again.</translation></message><message><source>Urgency</source><translation>Urgency</translation></message><message><source>Usernames are 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter.</source><translation>Usernames are 2 to 32 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter.</translation></message><message><source>Venue preference</source><translation>Venue preference</translation></message><message><source>Voicemail allowed</source><translation>Voicemail allowed</translation></message><message><source>Work postcode</source><translation>Work postcode</translation></message><message><source>You must choose a new password before going on.</source><translation>You must choose a new password before going on.</translation></message><message><source>Your role does not allow that.</source><translation>Your role does not allow that.</translation></message><message><source>Your sign-in is not linked to a counsellor profile yet, so there is nothing of yours to show. An administrator links it in Administration &gt; Users (Link counsellor profile…) or Administration &gt; Counsellors (Link sign-in…).</source><translation>Your sign-in is not linked to a counsellor profile yet, so there is nothing of yours to show. An administrator links it in Administration &gt; Users (Link counsellor profile…) or Administration &gt; Counsellors (Link sign-in…).</translation></message><message><source>a call-back is an outgoing call.</source><translation>a call-back is an outgoing call.</translation></message><message><source>a referral needs this.</source><translation>a referral needs this.</translation></message><message><source>a review lowers the level: choose a lower one (raise a new alert to raise it).</source><translation>a review lowers the level: choose a lower one (raise a new alert to raise it).</translation></message><message><source>both records have an appointment at the same time: cancel or move one first.</source><translation>both records have an appointment at the same time: cancel or move one first.</translation></message><message><source>choose from the list.</source><translation>choose from the list.</translation></message><message><source>choose one of the listed options.</source><translation>choose one of the listed options.</translation></message><message><source>choose two different records.</source><translation>choose two different records.</translation></message><message><source>enter a UK phone number, for example 01732 526910.</source><translation>enter a UK phone number, for example 01732 526910.</translation></message><message><source>enter a UK postcode, for example ME19 4AB.</source><translation>enter a UK postcode, for example ME19 4AB.</translation></message><message><source>enter a date as DD/MM/YYYY.</source><translation>enter a date as DD/MM/YYYY.</translation></message><message><source>give a phone number or an e-mail address.</source><translation>give a phone number or an e-mail address.</translation></message><message><source>letters need a home address and postcode.</source><translation>letters need a home address and postcode.</translation></message><message><source>needed for a venue near home.</source><translation>needed for a venue near home.</translation></message><message><source>needed for a venue near work.</source><translation>needed for a venue near work.</translation></message><message><source>one of these records has already been merged.</source><translation>one of these records has already been merged.</translation></message><message><source>open-ended</source><translation>open-ended</translation></message><message><source>say why it can be less urgent (a few words).</source><translation>say why it can be less urgent (a few words).</translation></message><message><source>that date is in the future.</source><translation>that date is in the future.</translation></message><message><source>that date is not possible.</source><translation>that date is not possible.</translation></message><message><source>that is not an e-mail address.</source><translation>that is not an e-mail address.</translation></message><message><source>that is too long.</source><translation>that is too long.</translation></message><message><source>the call cannot end before it started.</source><translation>the call cannot end before it started.</translation></message><message><source>the case is closed.</source><translation>the case is closed.</translation></message><message><source>the client is not eligible: say why you are going ahead (a few words).</source><translation>the client is not eligible: say why you are going ahead (a few words).</translation></message><message><source>there is no e-mail address.</source><translation>there is no e-mail address.</translation></message><message><source>there is no other phone number to call.</source><translation>there is no other phone number to call.</translation></message><message><source>these two records are both parties to one mediation, so they are two people.</source><translation>these two records are both parties to one mediation, so they are two people.</translation></message><message><source>this is not valid.</source><translation>this is not valid.</translation></message><message><source>this is required.</source><translation>this is required.</translation></message><message><source>tick at least one presenting issue.</source><translation>tick at least one presenting issue.</translation></message><message><source>use letters, spaces, hyphens and apostrophes only.</source><translation>use letters, spaces, hyphens and apostrophes only.</translation></message><message><source>{counsellor} is already linked to {username}: unlink it first.</source><translation>{counsellor} is already linked to {username}: unlink it first.</translation></message><message><source>{label}: choose one of the listed options.</source><translation>{label}: choose one of the listed options.</translation></message><message><source>{label}: choose yes or no.</source><translation>{label}: choose yes or no.</translation></message><message><source>{label}: enter a time as HH:MM.</source><translation>{label}: enter a time as HH:MM.</translation></message><message><source>{label}: enter a whole number.</source><translation>{label}: enter a whole number.</translation></message><message><source>{label}: the value is not valid.</source><translation>{label}: the value is not valid.</translation></message><message><source>{label}: the value is outside the allowed range.</source><translation>{label}: the value is outside the allowed range.</translation></message><message><source>{label}: this is not a setting SupportLine knows.</source><translation>{label}: this is not a setting SupportLine knows.</translation></message><message><source>{label}: {reason}</source><translation>{label}: {reason}</translation></message><message><source>{username} does not have the counsellor role: give them that role first (Change roles…).</source><translation>{username} does not have the counsellor role: give them that role first (Change roles…).</translation></message><message><source>{username} is already linked to {counsellor}: unlink that first.</source><translation>{username} is already linked to {counsellor}: unlink that first.</translation></message></context>
<context><name>InfoSheetFiles</name><message><source>Import information sheet</source><translation>Import information sheet</translation></message><message><source>PDF files (*.pdf)</source><translation>PDF files (*.pdf)</translation></message><message><source>Save blank information sheet</source><translation>Save blank information sheet</translation></message></context><context><name>admin_labels</name><message><source>Active</source><translation>Active</translation></message><message><source>Early years</source><translation>Early years</translation></message><message><source>Friday</source><translation>Friday</translation></message><message><source>Inactive</source><translation>Inactive</translation></message><message><source>KCC</source><translation>KCC</translation></message><message><source>Monday</source><translation>Monday</translation></message><message><source>No</source><translation>No</translation></message><message><source>Other employer</source><translation>Other employer</translation></message><message><source>Primary</source><translation>Primary</translation></message><message><source>Saturday</source><translation>Saturday</translation></message><message><source>School</source><translation>School</translation></message><message><source>Secondary</source><translation>Secondary</translation></message><message><source>Special</source><translation>Special</translation></message><message><source>Sunday</source><translation>Sunday</translation></message><message><source>Thursday</source><translation>Thursday</translation></message><message><source>Tuesday</source><translation>Tuesday</translation></message><message><source>Wednesday</source><translation>Wednesday</translation></message><message><source>Yes</source><translation>Yes</translation></message><message><source>hearing loop</source><translation>hearing loop</translation></message><message><source>no parking</source><translation>no parking</translation></message><message><source>not step-free</source><translation>not step-free</translation></message><message><source>parking</source><translation>parking</translation></message><message><source>step-free</source><translation>step-free</translation></message></context><context><name>admin_messages</name><message><source>Address</source><translation>Address</translation></message><message><source>Agreement from</source><translation>Agreement from</translation></message><message><source>Agreement to</source><translation>Agreement to</translation></message><message><source>Authorise between 1 and 20 extra sessions at a time.</source><translation>Authorise between 1 and 20 extra sessions at a time.</translation></message><message><source>Availability</source><translation>Availability</translation></message><message><source>Choose counselling, coaching or mediation for the agreement.</source><translation>Choose counselling, coaching or mediation for the agreement.</translation></message><message><source>Choose counselling, coaching or mediation.</source><translation>Choose counselling, coaching or mediation.</translation></message><message><source>Code</source><translation>Code</translation></message><message><source>Coordinates</source><translation>Coordinates</translation></message><message><source>Counsellors may change only their own availability and leave.</source><translation>Counsellors may change only their own availability and leave.</translation></message><message><source>Directorate</source><translation>Directorate</translation></message><message><source>District</source><translation>District</translation></message><message><source>Gender</source><translation>Gender</translation></message><message><source>Give the reason for the extra sessions (at least a few words).</source><translation>Give the reason for the extra sessions (at least a few words).</translation></message><message><source>Group</source><translation>Group</translation></message><message><source>Hearing loop</source><translation>Hearing loop</translation></message><message><source>Languages</source><translation>Languages</translation></message><message><source>Leave</source><translation>Leave</translation></message><message><source>Name</source><translation>Name</translation></message><message><source>Only a clinical lead or an administrator can authorise extra sessions.</source><translation>Only a clinical lead or an administrator can authorise extra sessions.</translation></message><message><source>Only an administrator can authorise sessions past those purchased.</source><translation>Only an administrator can authorise sessions past those purchased.</translation></message><message><source>Opening hours</source><translation>Opening hours</translation></message><message><source>Parking</source><translation>Parking</translation></message><message><source>Phase</source><translation>Phase</translation></message><message><source>Postcode</source><translation>Postcode</translation></message><message><source>Purchased sessions</source><translation>Purchased sessions</translation></message><message><source>Purchased sessions must be at least 1, or leave it empty for an agreement without a limit.</source><translation>Purchased sessions must be at least 1, or leave it empty for an agreement without a limit.</translation></message><message><source>Registered names like it:</source><translation>Registered names like it:</translation></message><message><source>Room</source><translation>Room</translation></message><message><source>Rooms</source><translation>Rooms</translation></message><message><source>Row</source><translation>Row</translation></message><message><source>Services</source><translation>Services</translation></message><message><source>Sessions a week</source><translation>Sessions a week</translation></message><message><source>Step-free access</source><translation>Step-free access</translation></message><message><source>That counsellor no longer exists.</source><translation>That counsellor no longer exists.</translation></message><message><source>That venue no longer exists.</source><translation>That venue no longer exists.</translation></message><message><source>The agreement cannot end before it starts; nothing was saved.</source><translation>The agreement cannot end before it starts; nothing was saved.</translation></message><message><source>The agreement is not valid; nothing was saved.</source><translation>The agreement is not valid; nothing was saved.</translation></message><message><source>The authorisation is not valid; nothing was saved.</source><translation>The authorisation is not valid; nothing was saved.</translation></message><message><source>The file cannot be read; nothing was imported.</source><translation>The file cannot be read; nothing was imported.</translation></message><message><source>The file has a column “{name}” that SupportLine does not know; nothing was imported.</source><translation>The file has a column “{name}” that SupportLine does not know; nothing was imported.</translation></message><message><source>The file has a problem; nothing was imported.</source><translation>The file has a problem; nothing was imported.</translation></message><message><source>The file has no “{name}” column; nothing was imported.</source><translation>The file has no “{name}” column; nothing was imported.</translation></message><message><source>The file has the column “{name}” twice; nothing was imported.</source><translation>The file has the column “{name}” twice; nothing was imported.</translation></message><message><source>The file has {count} problems; nothing was imported.</source><translation>The file has {count} problems; nothing was imported.</translation></message><message><source>The file is empty: it has no header row; nothing was imported.</source><translation>The file is empty: it has no header row; nothing was imported.</translation></message><message><source>The file is not UTF-8 text. Save it from Excel as “CSV UTF-8”; nothing was imported.</source><translation>The file is not UTF-8 text. Save it from Excel as “CSV UTF-8”; nothing was imported.</translation></message><message><source>The file is not a readable CSV file; nothing was imported.</source><translation>The file is not a readable CSV file; nothing was imported.</translation></message><message><source>Town</source><translation>Town</translation></message><message><source>a room is named twice.</source><translation>a room is named twice.</translation></message><message><source>a service is named twice.</source><translation>a service is named twice.</translation></message><message><source>choose one of the listed options.</source><translation>choose one of the listed options.</translation></message><message><source>each day needs a closing time after its opening time (in a file: Mon 09:00-17:00;Tue 09:00-20:00).</source><translation>each day needs a closing time after its opening time (in a file: Mon 09:00-17:00;Tue 09:00-20:00).</translation></message><message><source>enter a UK postcode, for example ME19 4AB.</source><translation>enter a UK postcode, for example ME19 4AB.</translation></message><message><source>enter a date as DD/MM/YYYY.</source><translation>enter a date as DD/MM/YYYY.</translation></message><message><source>leave this empty for this kind of organisation.</source><translation>leave this empty for this kind of organisation.</translation></message><message><source>that date is not possible.</source><translation>that date is not possible.</translation></message><message><source>that is not a Kent or Medway district.</source><translation>that is not a Kent or Medway district.</translation></message><message><source>that is too long.</source><translation>that is too long.</translation></message><message><source>that number is outside the allowed range.</source><translation>that number is outside the allowed range.</translation></message><message><source>the agreement ends before it starts.</source><translation>the agreement ends before it starts.</translation></message><message><source>the end is before the start.</source><translation>the end is before the start.</translation></message><message><source>the latitude and longitude are not in Kent or Medway.</source><translation>the latitude and longitude are not in Kent or Medway.</translation></message><message><source>the row has the wrong number of columns.</source><translation>the row has the wrong number of columns.</translation></message><message><source>the time is outside the venue's opening hours on that day.</source><translation>the time is outside the venue's opening hours on that day.</translation></message><message><source>there is no organisation with that name.</source><translation>there is no organisation with that name.</translation></message><message><source>this already exists.</source><translation>this already exists.</translation></message><message><source>this appears twice in the file.</source><translation>this appears twice in the file.</translation></message><message><source>this is required.</source><translation>this is required.</translation></message><message><source>write a whole number.</source><translation>write a whole number.</translation></message><message><source>write counselling, coaching or mediation, separated by |.</source><translation>write counselling, coaching or mediation, separated by |.</translation></message><message><source>write early years, primary, secondary or special.</source><translation>write early years, primary, secondary or special.</translation></message><message><source>write kcc, school or other.</source><translation>write kcc, school or other.</translation></message><message><source>write yes or no.</source><translation>write yes or no.</translation></message><message><source>{label}: {reason}</source><translation>{label}: {reason}</translation></message></context><context><name>booking_format</name><message><source>{distance} km</source><translation>{distance} km</translation></message></context><context><name>clinical_messages</name><message><source>Action taken</source><translation>Action taken</translation></message><message><source>Amendment</source><translation>Amendment</translation></message><message><source>Coaching</source><translation>Coaching</translation></message><message><source>Confidentiality</source><translation>Confidentiality</translation></message><message><source>Consent</source><translation>Consent</translation></message><message><source>Counselling</source><translation>Counselling</translation></message><message><source>Ended early</source><translation>Ended early</translation></message><message><source>Ending</source><translation>Ending</translation></message><message><source>Evaluation form</source><translation>Evaluation form</translation></message><message><source>First evaluation form</source><translation>First evaluation form</translation></message><message><source>Goals</source><translation>Goals</translation></message><message><source>Last evaluation form</source><translation>Last evaluation form</translation></message><message><source>Lost contact</source><translation>Lost contact</translation></message><message><source>Mediation</source><translation>Mediation</translation></message><message><source>Narrative</source><translation>Narrative</translation></message><message><source>No reliable change</source><translation>No reliable change</translation></message><message><source>Not a finished course (fewer than two sessions attended)</source><translation>Not a finished course (fewer than two sessions attended)</translation></message><message><source>Not measured (no first and last PHQ-9 and GAD-7)</source><translation>Not measured (no first and last PHQ-9 and GAD-7)</translation></message><message><source>Nothing to save: mark attendance, write a note or enter a measure.</source><translation>Nothing to save: mark attendance, write a note or enter a measure.</translation></message><message><source>Only a clinical lead or an administrator can print a subject access record.</source><translation>Only a clinical lead or an administrator can print a subject access record.</translation></message><message><source>Only mediation cases have parties.</source><translation>Only mediation cases have parties.</translation></message><message><source>Only the allocated counsellor or a clinical lead can see this case's clinical record.</source><translation>Only the allocated counsellor or a clinical lead can see this case's clinical record.</translation></message><message><source>Parties</source><translation>Parties</translation></message><message><source>Plan</source><translation>Plan</translation></message><message><source>Planned ending</source><translation>Planned ending</translation></message><message><source>Planned sessions</source><translation>Planned sessions</translation></message><message><source>Plans or intent to act on them</source><translation>Plans or intent to act on them</translation></message><message><source>Presenting issues</source><translation>Presenting issues</translation></message><message><source>Recovery</source><translation>Recovery</translation></message><message><source>Refer elsewhere</source><translation>Refer elsewhere</translation></message><message><source>Referral to</source><translation>Referral to</translation></message><message><source>Referred on</source><translation>Referred on</translation></message><message><source>Reliable deterioration</source><translation>Reliable deterioration</translation></message><message><source>Reliable improvement</source><translation>Reliable improvement</translation></message><message><source>Reliable recovery</source><translation>Reliable recovery</translation></message><message><source>Risk</source><translation>Risk</translation></message><message><source>Risk level</source><translation>Risk level</translation></message><message><source>Risk of harm to others</source><translation>Risk of harm to others</translation></message><message><source>Safeguarding concern: adults at risk</source><translation>Safeguarding concern: adults at risk</translation></message><message><source>Safeguarding concern: children</source><translation>Safeguarding concern: children</translation></message><message><source>Saved: {parts}.</source><translation>Saved: {parts}.</translation></message><message><source>Session</source><translation>Session</translation></message><message><source>Session note</source><translation>Session note</translation></message><message><source>Summary</source><translation>Summary</translation></message><message><source>Taken on</source><translation>Taken on</translation></message><message><source>That appointment no longer exists.</source><translation>That appointment no longer exists.</translation></message><message><source>That cannot be done for this case.</source><translation>That cannot be done for this case.</translation></message><message><source>That client record no longer exists.</source><translation>That client record no longer exists.</translation></message><message><source>That measure is not installed.</source><translation>That measure is not installed.</translation></message><message><source>The last evaluation form has been printed and its pair code destroyed: no more forms can be printed for this case.</source><translation>The last evaluation form has been printed and its pair code destroyed: no more forms can be printed for this case.</translation></message><message><source>The note locked 24 hours after the session: add an amendment instead.</source><translation>The note locked 24 hours after the session: add an amendment instead.</translation></message><message><source>This case has already been closed.</source><translation>This case has already been closed.</translation></message><message><source>This case is closed.</source><translation>This case is closed.</translation></message><message><source>Those answers do not fit the measure; nothing was recorded.</source><translation>Those answers do not fit the measure; nothing was recorded.</translation></message><message><source>Thoughts of self-harm or suicide</source><translation>Thoughts of self-harm or suicide</translation></message><message><source>attendance</source><translation>attendance</translation></message><message><source>choose one of the listed options.</source><translation>choose one of the listed options.</translation></message><message><source>confirm confidentiality and its limits were agreed.</source><translation>confirm confidentiality and its limits were agreed.</translation></message><message><source>counselling needs 1 to 20 planned sessions.</source><translation>counselling needs 1 to 20 planned sessions.</translation></message><message><source>high or immediate risk needs the action taken.</source><translation>high or immediate risk needs the action taken.</translation></message><message><source>measure</source><translation>measure</translation></message><message><source>note</source><translation>note</translation></message><message><source>record the client's consent before saving.</source><translation>record the client's consent before saving.</translation></message><message><source>the day a measure was taken cannot be before the case opened.</source><translation>the day a measure was taken cannot be before the case opened.</translation></message><message><source>the day a measure was taken cannot be in the future.</source><translation>the day a measure was taken cannot be in the future.</translation></message><message><source>this is not valid.</source><translation>this is not valid.</translation></message><message><source>this is required.</source><translation>this is required.</translation></message><message><source>tick at least one presenting issue.</source><translation>tick at least one presenting issue.</translation></message><message><source>{label}: {reason}</source><translation>{label}: {reason}</translation></message></context><context><name>labels</name><message><source>Administrator</source><translation>Administrator</translation></message><message><source>Agreement expired</source><translation>Agreement expired</translation></message><message><source>Allowance year</source><translation>Allowance year</translation></message><message><source>Appointment confirmation</source><translation>Appointment confirmation</translation></message><message><source>Assessed, sessions to book</source><translation>Assessed, sessions to book</translation></message><message><source>Assessment</source><translation>Assessment</translation></message><message><source>Assessment booked</source><translation>Assessment booked</translation></message><message><source>Attended</source><translation>Attended</translation></message><message><source>Booked</source><translation>Booked</translation></message><message><source>Call handler</source><translation>Call handler</translation></message><message><source>Cancellation</source><translation>Cancellation</translation></message><message><source>Cancelled by client</source><translation>Cancelled by client</translation></message><message><source>Cancelled by service</source><translation>Cancelled by service</translation></message><message><source>Cancelled late by client</source><translation>Cancelled late by client</translation></message><message><source>Closed</source><translation>Closed</translation></message><message><source>Coaching</source><translation>Coaching</translation></message><message><source>Coaching sessions allowed</source><translation>Coaching sessions allowed</translation></message><message><source>Complaint</source><translation>Complaint</translation></message><message><source>Counselling</source><translation>Counselling</translation></message><message><source>Counselling sessions allowed</source><translation>Counselling sessions allowed</translation></message><message><source>Counsellor</source><translation>Counsellor</translation></message><message><source>Did not attend</source><translation>Did not attend</translation></message><message><source>Did-not-attend counts as a session</source><translation>Did-not-attend counts as a session</translation></message><message><source>Do not phone</source><translation>Do not phone</translation></message><message><source>E-mail</source><translation>E-mail</translation></message><message><source>Eligible</source><translation>Eligible</translation></message><message><source>Enquiry</source><translation>Enquiry</translation></message><message><source>Female</source><translation>Female</translation></message><message><source>Financial year (April to March)</source><translation>Financial year (April to March)</translation></message><message><source>Finishing…</source><translation>Finishing…</translation></message><message><source>Fri</source><translation>Fri</translation></message><message><source>Friday</source><translation>Friday</translation></message><message><source>HR</source><translation>HR</translation></message><message><source>High</source><translation>High</translation></message><message><source>Immediate</source><translation>Immediate</translation></message><message><source>In sessions</source><translation>In sessions</translation></message><message><source>Incoming</source><translation>Incoming</translation></message><message><source>Late cancellation (hours before)</source><translation>Late cancellation (hours before)</translation></message><message><source>Letter</source><translation>Letter</translation></message><message><source>Line closes at</source><translation>Line closes at</translation></message><message><source>Line opens at</source><translation>Line opens at</translation></message><message><source>Lock after idle (minutes)</source><translation>Lock after idle (minutes)</translation></message><message><source>Low</source><translation>Low</translation></message><message><source>Main phone number</source><translation>Main phone number</translation></message><message><source>Male</source><translation>Male</translation></message><message><source>Manager referral</source><translation>Manager referral</translation></message><message><source>Mediation</source><translation>Mediation</translation></message><message><source>Mediation sessions allowed</source><translation>Mediation sessions allowed</translation></message><message><source>Medium</source><translation>Medium</translation></message><message><source>Mon</source><translation>Mon</translation></message><message><source>Monday</source><translation>Monday</translation></message><message><source>Near home</source><translation>Near home</translation></message><message><source>Near work</source><translation>Near work</translation></message><message><source>New referral</source><translation>New referral</translation></message><message><source>No further action</source><translation>No further action</translation></message><message><source>No preference</source><translation>No preference</translation></message><message><source>Non-binary</source><translation>Non-binary</translation></message><message><source>None recorded</source><translation>None recorded</translation></message><message><source>Not eligible</source><translation>Not eligible</translation></message><message><source>Not stated</source><translation>Not stated</translation></message><message><source>Occupational health</source><translation>Occupational health</translation></message><message><source>Other</source><translation>Other</translation></message><message><source>Other phone number</source><translation>Other phone number</translation></message><message><source>Outgoing (call-back)</source><translation>Outgoing (call-back)</translation></message><message><source>Phone</source><translation>Phone</translation></message><message><source>Preparing new keys…</source><translation>Preparing new keys…</translation></message><message><source>Re-encrypting the case store…</source><translation>Re-encrypting the case store…</translation></message><message><source>Re-encrypting the statistics store…</source><translation>Re-encrypting the statistics store…</translation></message><message><source>Rebooking</source><translation>Rebooking</translation></message><message><source>Rescheduled appointment</source><translation>Rescheduled appointment</translation></message><message><source>Rolling 12 months</source><translation>Rolling 12 months</translation></message><message><source>Room</source><translation>Room</translation></message><message><source>Routine</source><translation>Routine</translation></message><message><source>Sat</source><translation>Sat</translation></message><message><source>Saturday</source><translation>Saturday</translation></message><message><source>Self-referral</source><translation>Self-referral</translation></message><message><source>Series of sessions</source><translation>Series of sessions</translation></message><message><source>Service manager</source><translation>Service manager</translation></message><message><source>Session</source><translation>Session</translation></message><message><source>Show full client names in diaries</source><translation>Show full client names in diaries</translation></message><message><source>Signposted elsewhere</source><translation>Signposted elsewhere</translation></message><message><source>Soon</source><translation>Soon</translation></message><message><source>Statistics disclosure threshold</source><translation>Statistics disclosure threshold</translation></message><message><source>Sun</source><translation>Sun</translation></message><message><source>Sunday</source><translation>Sunday</translation></message><message><source>Thu</source><translation>Thu</translation></message><message><source>Thursday</source><translation>Thursday</translation></message><message><source>Travel gap between venues (minutes)</source><translation>Travel gap between venues (minutes)</translation></message><message><source>Tue</source><translation>Tue</translation></message><message><source>Tuesday</source><translation>Tuesday</translation></message><message><source>Urgent</source><translation>Urgent</translation></message><message><source>Venue</source><translation>Venue</translation></message><message><source>Voicemail</source><translation>Voicemail</translation></message><message><source>Waiting for a counsellor</source><translation>Waiting for a counsellor</translation></message><message><source>Waiting for assessment</source><translation>Waiting for assessment</translation></message><message><source>Wed</source><translation>Wed</translation></message><message><source>Wednesday</source><translation>Wednesday</translation></message><message><source>Working…</source><translation>Working…</translation></message><message><source>a hearing loop</source><translation>a hearing loop</translation></message><message><source>all purchased sessions have been used</source><translation>all purchased sessions have been used</translation></message><message><source>bank holiday</source><translation>bank holiday</translation></message><message><source>choose attended or did not attend</source><translation>choose attended or did not attend</translation></message><message><source>home</source><translation>home</translation></message><message><source>it cannot be booked</source><translation>it cannot be booked</translation></message><message><source>no employer organisation is recorded</source><translation>no employer organisation is recorded</translation></message><message><source>parking</source><translation>parking</translation></message><message><source>past the client's allowance for that year</source><translation>past the client's allowance for that year</translation></message><message><source>past the sessions the organisation purchased</source><translation>past the sessions the organisation purchased</translation></message><message><source>say who cancelled</source><translation>say who cancelled</translation></message><message><source>step-free access</source><translation>step-free access</translation></message><message><source>that time has already passed</source><translation>that time has already passed</translation></message><message><source>the agreement does not cover this service</source><translation>the agreement does not cover this service</translation></message><message><source>the agreement has ended</source><translation>the agreement has ended</translation></message><message><source>the agreement has not started yet</source><translation>the agreement has not started yet</translation></message><message><source>the appointment has not happened yet</source><translation>the appointment has not happened yet</translation></message><message><source>the appointment is no longer booked</source><translation>the appointment is no longer booked</translation></message><message><source>the client already has an appointment then</source><translation>the client already has an appointment then</translation></message><message><source>the counsellor does not work then</source><translation>the counsellor does not work then</translation></message><message><source>the counsellor is already booked</source><translation>the counsellor is already booked</translation></message><message><source>the counsellor is on leave</source><translation>the counsellor is on leave</translation></message><message><source>the counsellor no longer works for the service</source><translation>the counsellor no longer works for the service</translation></message><message><source>the counsellor's week is full</source><translation>the counsellor's week is full</translation></message><message><source>the organisation has no service agreement</source><translation>the organisation has no service agreement</translation></message><message><source>the organisation is no longer a client of the service</source><translation>the organisation is no longer a client of the service</translation></message><message><source>the room is already booked</source><translation>the room is already booked</translation></message><message><source>the room is not available</source><translation>the room is not available</translation></message><message><source>the venue is closed that day</source><translation>the venue is closed that day</translation></message><message><source>the venue is no longer in use</source><translation>the venue is no longer in use</translation></message><message><source>the venue is not open then</source><translation>the venue is not open then</translation></message><message><source>work</source><translation>work</translation></message></context><context><name>stats_messages</name><message><source>1: strongly disagree</source><translation>1: strongly disagree</translation></message><message><source>2 to 4 weeks</source><translation>2 to 4 weeks</translation></message><message><source>24 and under</source><translation>24 and under</translation></message><message><source>25 to 34</source><translation>25 to 34</translation></message><message><source>2: disagree</source><translation>2: disagree</translation></message><message><source>35 to 44</source><translation>35 to 44</translation></message><message><source>3: neither agree nor disagree</source><translation>3: neither agree nor disagree</translation></message><message><source>4 to 8 weeks</source><translation>4 to 8 weeks</translation></message><message><source>45 to 54</source><translation>45 to 54</translation></message><message><source>4: agree</source><translation>4: agree</translation></message><message><source>55 and over</source><translation>55 and over</translation></message><message><source>5: strongly agree</source><translation>5: strongly agree</translation></message><message><source>8 weeks or more</source><translation>8 weeks or more</translation></message><message><source>A form of this type with this code has already been entered.</source><translation>A form of this type with this code has already been entered.</translation></message><message><source>Agree</source><translation>Agree</translation></message><message><source>April</source><translation>April</translation></message><message><source>April {year} to March {next}</source><translation>April {year} to March {next}</translation></message><message><source>Attended</source><translation>Attended</translation></message><message><source>August</source><translation>August</translation></message><message><source>Bereavement</source><translation>Bereavement</translation></message><message><source>Cancelled by client</source><translation>Cancelled by client</translation></message><message><source>Cancelled by the service</source><translation>Cancelled by the service</translation></message><message><source>Cancelled late by client</source><translation>Cancelled late by client</translation></message><message><source>Choose whether this is a first-session or a last-session form.</source><translation>Choose whether this is a first-session or a last-session form.</translation></message><message><source>Coaching</source><translation>Coaching</translation></message><message><source>Contacts by outcome and channel</source><translation>Contacts by outcome and channel</translation></message><message><source>Counselling</source><translation>Counselling</translation></message><message><source>Counselling outcomes (NHS Talking Therapies definitions)</source><translation>Counselling outcomes (NHS Talking Therapies definitions)</translation></message><message><source>December</source><translation>December</translation></message><message><source>Did not attend</source><translation>Did not attend</translation></message><message><source>Disagree</source><translation>Disagree</translation></message><message><source>E-mail</source><translation>E-mail</translation></message><message><source>Each answer is a number from 1 to 5.</source><translation>Each answer is a number from 1 to 5.</translation></message><message><source>Ended early</source><translation>Ended early</translation></message><message><source>Endings by service (closed cases)</source><translation>Endings by service (closed cases)</translation></message><message><source>February</source><translation>February</translation></message><message><source>Female</source><translation>Female</translation></message><message><source>First-session evaluation: answers per question (1 = strongly disagree, 5 = strongly agree)</source><translation>First-session evaluation: answers per question (1 = strongly disagree, 5 = strongly agree)</translation></message><message><source>First-session form</source><translation>First-session form</translation></message><message><source>Form recorded.</source><translation>Form recorded.</translation></message><message><source>Frontline</source><translation>Frontline</translation></message><message><source>HR</source><translation>HR</translation></message><message><source>Health</source><translation>Health</translation></message><message><source>Hidden to protect confidentiality</source><translation>Hidden to protect confidentiality</translation></message><message><source>How these figures are protected: counts under {threshold} are hidden and shown as *, and so is every figure of a row or column with fewer than {threshold} in all, zeros included. Every figure shown has been moved by up to 2 either way, by a fixed, secret rule (the same figure is always shown the same), so rows and columns may not add up to their totals exactly. Some larger figures are hidden as well, checked together with every other table and period, so that no hidden count can be narrowed down to less than a range {threshold} wide. No individual can be identified from these tables.</source><translation>How these figures are protected: counts under {threshold} are hidden and shown as *, and so is every figure of a row or column with fewer than {threshold} in all, zeros included. Every figure shown has been moved by up to 2 either way, by a fixed, secret rule (the same figure is always shown the same), so rows and columns may not add up to their totals exactly. Some larger figures are hidden as well, checked together with every other table and period, so that no hidden count can be narrowed down to less than a range {threshold} wide. No individual can be identified from these tables.</translation></message><message><source>January</source><translation>January</translation></message><message><source>July</source><translation>July</translation></message><message><source>June</source><translation>June</translation></message><message><source>KCC directorate</source><translation>KCC directorate</translation></message><message><source>Last-session evaluation: answers per question (1 = strongly disagree, 5 = strongly agree)</source><translation>Last-session evaluation: answers per question (1 = strongly disagree, 5 = strongly agree)</translation></message><message><source>Last-session form</source><translation>Last-session form</translation></message><message><source>Left blank</source><translation>Left blank</translation></message><message><source>Letter</source><translation>Letter</translation></message><message><source>Lost contact</source><translation>Lost contact</translation></message><message><source>Male</source><translation>Male</translation></message><message><source>Manager referral</source><translation>Manager referral</translation></message><message><source>March</source><translation>March</translation></message><message><source>May</source><translation>May</translation></message><message><source>Mediation</source><translation>Mediation</translation></message><message><source>Mood</source><translation>Mood</translation></message><message><source>Neither agree nor disagree</source><translation>Neither agree nor disagree</translation></message><message><source>No further action</source><translation>No further action</translation></message><message><source>No organisation has figures that can be shown on their own for {period}, so there is no usage report to make. Organisations with only a few referrals and sessions are counted together, as other organisations, in the service-wide tables.</source><translation>No organisation has figures that can be shown on their own for {period}, so there is no usage report to make. Organisations with only a few referrals and sessions are counted together, as other organisations, in the service-wide tables.</translation></message><message><source>No reliable change</source><translation>No reliable change</translation></message><message><source>Not a finished course</source><translation>Not a finished course</translation></message><message><source>Not measured</source><translation>Not measured</translation></message><message><source>Not released: waiting for the figures to be brought up to date</source><translation>Not released: waiting for the figures to be brought up to date</translation></message><message><source>Not seen</source><translation>Not seen</translation></message><message><source>Not stated</source><translation>Not stated</translation></message><message><source>November</source><translation>November</translation></message><message><source>Number</source><translation>Number</translation></message><message><source>Occupational health</source><translation>Occupational health</translation></message><message><source>October</source><translation>October</translation></message><message><source>Only the service manager can read evaluation comments.</source><translation>Only the service manager can read evaluation comments.</translation></message><message><source>Open period: not releasable until it ends</source><translation>Open period: not releasable until it ends</translation></message><message><source>Other</source><translation>Other</translation></message><message><source>Other employer</source><translation>Other employer</translation></message><message><source>Other or not stated</source><translation>Other or not stated</translation></message><message><source>Other organisations (each too few to show on its own)</source><translation>Other organisations (each too few to show on its own)</translation></message><message><source>Outside Kent</source><translation>Outside Kent</translation></message><message><source>Part of the form is not valid.</source><translation>Part of the form is not valid.</translation></message><message><source>Phone</source><translation>Phone</translation></message><message><source>Planned ending</source><translation>Planned ending</translation></message><message><source>Presenting issues at referral (a referral may have several)</source><translation>Presenting issues at referral (a referral may have several)</translation></message><message><source>Provisional figures: {period} ({code}) has not ended (it ends on {day}). These figures will change; they can be looked at here but not exported, printed or released until the period has ended.</source><translation>Provisional figures: {period} ({code}) has not ended (it ends on {day}). These figures will change; they can be looked at here but not exported, printed or released until the period has ended.</translation></message><message><source>Q{n}: {first} to {last}</source><translation>Q{n}: {first} to {last}</translation></message><message><source>Recovery</source><translation>Recovery</translation></message><message><source>Recovery rate = (recovery + reliable recovery) / cases that finished a course at caseness.</source><translation>Recovery rate = (recovery + reliable recovery) / cases that finished a course at caseness.</translation></message><message><source>Referrals by age band and gender</source><translation>Referrals by age band and gender</translation></message><message><source>Referrals by client organisation and service</source><translation>Referrals by client organisation and service</translation></message><message><source>Referrals by district and service</source><translation>Referrals by district and service</translation></message><message><source>Referrals by organisation group and service</source><translation>Referrals by organisation group and service</translation></message><message><source>Referrals by referral route</source><translation>Referrals by referral route</translation></message><message><source>Referrals by role family and service</source><translation>Referrals by role family and service</translation></message><message><source>Referred on</source><translation>Referred on</translation></message><message><source>Relationships</source><translation>Relationships</translation></message><message><source>Reliable deterioration</source><translation>Reliable deterioration</translation></message><message><source>Reliable improvement</source><translation>Reliable improvement</translation></message><message><source>Reliable recovery</source><translation>Reliable recovery</translation></message><message><source>School: early years</source><translation>School: early years</translation></message><message><source>School: primary</source><translation>School: primary</translation></message><message><source>School: secondary</source><translation>School: secondary</translation></message><message><source>School: special</source><translation>School: special</translation></message><message><source>Self-referral</source><translation>Self-referral</translation></message><message><source>Senior leadership</source><translation>Senior leadership</translation></message><message><source>September</source><translation>September</translation></message><message><source>Sessions by client organisation and what happened</source><translation>Sessions by client organisation and what happened</translation></message><message><source>Sessions offered = the Total column.</source><translation>Sessions offered = the Total column.</translation></message><message><source>Sessions offered by service and what happened</source><translation>Sessions offered by service and what happened</translation></message><message><source>Signposted elsewhere</source><translation>Signposted elsewhere</translation></message><message><source>Strongly agree</source><translation>Strongly agree</translation></message><message><source>Strongly disagree</source><translation>Strongly disagree</translation></message><message><source>Support and admin</source><translation>Support and admin</translation></message><message><source>Teaching and professional</source><translation>Teaching and professional</translation></message><message><source>That pair code has a typing mistake: check each character against the form. Its last character is a check symbol, so one wrong or swapped character is caught.</source><translation>That pair code has a typing mistake: check each character against the form. Its last character is a check symbol, so one wrong or swapped character is caught.</translation></message><message><source>That question is not on this form.</source><translation>That question is not on this form.</translation></message><message><source>That table is not in the catalogue.</source><translation>That table is not in the catalogue.</translation></message><message><source>The disclosure threshold is set below the minimum of 8; no figures can be shown.</source><translation>The disclosure threshold is set below the minimum of 8; no figures can be shown.</translation></message><message><source>The form is blank: enter at least one answer or the comments.</source><translation>The form is blank: enter at least one answer or the comments.</translation></message><message><source>The released figures for this period no longer match the data. Nothing has been changed: tell an administrator.</source><translation>The released figures for this period no longer match the data. Nothing has been changed: tell an administrator.</translation></message><message><source>There is no usage report for that organisation in this period: it has no figures that can be shown on their own.</source><translation>There is no usage report for that organisation in this period: it has no figures that can be shown on their own.</translation></message><message><source>This period cannot be released yet.</source><translation>This period cannot be released yet.</translation></message><message><source>Total</source><translation>Total</translation></message><message><source>Trauma</source><translation>Trauma</translation></message><message><source>Under 2 weeks</source><translation>Under 2 weeks</translation></message><message><source>Use a quarter such as 2026Q3 or a financial year such as FY2026.</source><translation>Use a quarter such as 2026Q3 or a financial year such as FY2026.</translation></message><message><source>Voicemail</source><translation>Voicemail</translation></message><message><source>Waiting time to the first session, by service (closed cases)</source><translation>Waiting time to the first session, by service (closed cases)</translation></message><message><source>Work</source><translation>Work</translation></message><message><source>{first} to {last} {year}</source><translation>{first} to {last} {year}</translation></message><message><source>{period} ({code}) has not ended yet (it ends on {day}): its figures will change, so they can be exported or printed only once it is over.</source><translation>{period} ({code}) has not ended yet (it ends on {day}): its figures will change, so they can be exported or printed only once it is over.</translation></message><message><source>{period} has ended, but the figures have not been brought up to date since then. That happens automatically while an administrator is signed in; release it after that.</source><translation>{period} has ended, but the figures have not been brought up to date since then. That happens automatically while an administrator is signed in; release it after that.</translation></message><message><source>{period} has not ended yet: it can be released once it is over (it ends on {day}). Releasing freezes the figures for good.</source><translation>{period} has not ended yet: it can be released once it is over (it ends on {day}). Releasing freezes the figures for good.</translation></message><message><source>{period} has not ended yet: its figures can be exported once it is over (it ends on {day}). Until then they will change, so they are shown on screen only.</source><translation>{period} has not ended yet: its figures can be exported once it is over (it ends on {day}). Until then they will change, so they are shown on screen only.</translation></message><message><source>{period} has not ended yet: its quarterly report can be printed once it is over (it ends on {day}). Until then the figures will change, so they are shown on screen only.</source><translation>{period} has not ended yet: its quarterly report can be printed once it is over (it ends on {day}). Until then the figures will change, so they are shown on screen only.</translation></message><message><source>{period} has not ended yet: its usage reports can be printed once it is over (it ends on {day}). Until then the figures will change, so they are shown on screen only.</source><translation>{period} has not ended yet: its usage reports can be printed once it is over (it ends on {day}). Until then the figures will change, so they are shown on screen only.</translation></message></context></TS>