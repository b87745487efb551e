"""What concerns a user, told to them: a transfer proposed to their office, a client assigned
to them as loan officer, their import finished. Read through Fineract's `/notifications` (the
Mifos X web-app's tray) and Mteja's own bell."""
