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
        <source>← &amp;Back to results</source>
        <translation>← &amp;Back to results</translation>
    </message>
    <message>
        <source>Back to results</source>
        <translation>Back to results</translation>
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
        <source>&amp;About SupportLine</source>
        <translation>&amp;About SupportLine</translation>
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
        <source>Rotate all &amp;keys…</source>
        <translation>Rotate all &amp;keys…</translation>
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
</context>
<context>
    <name>WaitingListTableModel</name>
    <message>
        <source>Urgency</source>
        <translation>Urgency</translation>
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
</TS>