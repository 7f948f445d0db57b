; Inno Setup script for the Windows installer. Build the one-folder app first
; (pyinstaller packaging/supportline.spec), then: iscc packaging/installer.iss
#define AppVersion "0.1.0"

[Setup]
AppId={{5E0C2C1E-6B1B-4C7F-9E43-2C0B7D9B51A7}
AppName=SupportLine
AppVersion={#AppVersion}
AppPublisher=Kent County Council Support Line
DefaultDirName={autopf}\SupportLine
DefaultGroupName=SupportLine
OutputBaseFilename=SupportLine-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
; Data lives in each user's %LOCALAPPDATA%\KentCountyCouncil\SupportLine and is never removed by
; uninstalling: it is the service's record.

[Files]
Source: "..\dist\SupportLine\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\SupportLine"; Filename: "{app}\SupportLine.exe"
Name: "{group}\Uninstall SupportLine"; Filename: "{uninstallexe}"
