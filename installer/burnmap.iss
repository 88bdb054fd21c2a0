; Inno Setup script for the Windows installer (build on Windows after scripts\build_app.sh's
; PyInstaller step produced dist\BurnMap):  iscc /DAppVersion=0.1.0 installer\burnmap.iss
; The app is installed per machine, runs offline, and keeps cases in each user's own data folder
; (%LOCALAPPDATA%\BurnMap), which uninstalling never removes.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1B5A52-7C1E-4B2B-9B1D-2E6D8A3C4B10}
AppName=BurnMap
AppVersion={#AppVersion}
AppPublisher=BurnMap
DefaultDirName={autopf}\BurnMap
DefaultGroupName=BurnMap
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=BurnMap-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern
UninstallDisplayIcon={app}\BurnMap.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\BurnMap\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\BurnMap"; Filename: "{app}\BurnMap.exe"
Name: "{group}\BurnMap self-test"; Filename: "{app}\BurnMap-console.exe"; Parameters: "selftest"
Name: "{group}\{cm:UninstallProgram,BurnMap}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\BurnMap"; Filename: "{app}\BurnMap.exe"; Tasks: desktopicon

[Run]
; Prove the installed copy works before the clinician relies on it.
Filename: "{app}\BurnMap-console.exe"; Parameters: "selftest"; StatusMsg: "Running the BurnMap self-test..."; Flags: runhidden waituntilterminated
Filename: "{app}\BurnMap.exe"; Description: "{cm:LaunchProgram,BurnMap}"; Flags: nowait postinstall skipifsilent
